import { useEffect, type ReactNode } from "react";
import { Link } from "react-router";

export interface Crumb {
  label: string;
  to: string;
}

interface Props {
  title: string;
  crumbs?: Crumb[];
  /** Badges or facts shown beside the title. */
  meta?: ReactNode;
  /** Buttons for what the user may do here. */
  actions?: ReactNode;
}

/** The page's one h1, its breadcrumbs and actions; also sets the document title. */
export function PageHeader({ title, crumbs, meta, actions }: Props) {
  useEffect(() => {
    document.title = `${title} · modelreg`;
  }, [title]);
  return (
    <div className="page-header">
      {crumbs && crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="crumbs">
          <ol>
            {crumbs.map((crumb) => (
              <li key={crumb.to}>
                <Link to={crumb.to}>{crumb.label}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="page-title-row">
        <h1>{title}</h1>
        {actions && <div className="actions">{actions}</div>}
      </div>
      {meta && <div className="page-meta">{meta}</div>}
    </div>
  );
}
