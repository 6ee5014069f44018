// A reader for the YAML that policy documents use (block and flow collections, quoted, plain and
// block scalars, comments), keeping the line of every node so that a problem the server reports
// for a field can be shown on its line. The server's parser stays the authority: this only
// summarises and locates, and anything it cannot read is reported, never guessed.

export type YamlScalar = string | number | boolean | null;

export interface YamlEntry {
  key: string;
  /** 1-based line of the key. */
  line: number;
  value: YamlNode;
}

export type YamlNode =
  | { kind: "map"; line: number; entries: YamlEntry[] }
  | { kind: "seq"; line: number; items: YamlNode[] }
  | { kind: "scalar"; line: number; value: YamlScalar };

/** The text is not YAML this reader understands; `line` is 1-based. */
export class YamlError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = "YamlError";
    this.line = line;
  }
}

interface Line {
  indent: number;
  /** The line after its indentation, comment included. */
  text: string;
}

/** Index where a comment starts in `text` (outside quotes, after a space), or text.length. */
function commentStart(text: string): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\" && quote === '"') i += 1;
      else if (quote === "'" && ch === "'" && text[i + 1] === "'") i += 1;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s[{,:]/.test(text[i - 1] ?? "")) quote = ch;
    } else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      return i;
    }
  }
  return text.length;
}

function stripComment(text: string): string {
  return text.slice(0, commentStart(text)).trimEnd();
}

/** Plain scalars as YAML's core schema reads them. */
function resolvePlain(raw: string): YamlScalar {
  const text = raw.trim();
  if (text === "" || text === "~" || /^null$/i.test(text)) return null;
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  if (/^[-+]?\d+$/.test(text)) return Number(text);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

function unquoteDouble(body: string, line: number): string {
  try {
    return JSON.parse(`"${body.replace(/\t/g, "\\t")}"`) as string;
  } catch {
    throw new YamlError("unsupported escape in a double-quoted string", line);
  }
}

/** Where the key's colon is in a block line, or -1 when the line is not `key: …`. */
function keyColon(text: string): number {
  const first = text[0];
  if (first === '"' || first === "'") {
    let i = 1;
    while (i < text.length) {
      if (first === '"' && text[i] === "\\") i += 2;
      else if (text[i] === first && first === "'" && text[i + 1] === "'") i += 2;
      else if (text[i] === first) break;
      else i += 1;
    }
    const rest = text.slice(i + 1);
    const match = /^\s*:(\s|$)/.exec(rest);
    return match ? i + 1 + rest.indexOf(":") : -1;
  }
  if (first === "[" || first === "{" || first === "?" || isSeqLine(text)) return -1;
  const end = commentStart(text);
  for (let i = 0; i < end; i += 1) {
    if (text[i] === ":" && (i + 1 === end || /\s/.test(text[i + 1] ?? ""))) return i;
  }
  return -1;
}

function parseKey(raw: string, line: number): string {
  const text = raw.trim();
  if (text.startsWith('"')) return unquoteDouble(text.slice(1, -1), line);
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}

function isSeqLine(text: string): boolean {
  return /^-(\s|$)/.test(text);
}

class FlowReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly line: number,
  ) {}

  read(): YamlNode {
    const node = this.value("");
    this.space();
    if (this.pos < this.text.length) this.fail("unexpected text after a flow collection");
    return node;
  }

  private fail(message: string): never {
    throw new YamlError(message, this.line);
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  private value(stops: string): YamlNode {
    this.space();
    const ch = this.text[this.pos];
    if (ch === "[") return this.sequence();
    if (ch === "{") return this.mapping();
    if (ch === '"' || ch === "'") return { kind: "scalar", line: this.line, value: this.quoted() };
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] ?? "";
      if (stops.includes(c)) break;
      if (c === ":" && /[\s,\]}]/.test(this.text[this.pos + 1] ?? " ")) break;
      this.pos += 1;
    }
    return {
      kind: "scalar",
      line: this.line,
      value: resolvePlain(this.text.slice(start, this.pos)),
    };
  }

  private quoted(): string {
    const quote = this.text[this.pos];
    let i = this.pos + 1;
    while (i < this.text.length) {
      if (quote === '"' && this.text[i] === "\\") i += 2;
      else if (quote === "'" && this.text[i] === "'" && this.text[i + 1] === "'") i += 2;
      else if (this.text[i] === quote) break;
      else i += 1;
    }
    if (i >= this.text.length) this.fail("unterminated quoted string");
    const body = this.text.slice(this.pos + 1, i);
    this.pos = i + 1;
    return quote === '"' ? unquoteDouble(body, this.line) : body.replace(/''/g, "'");
  }

  private sequence(): YamlNode {
    this.pos += 1;
    const items: YamlNode[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === "]") break;
      items.push(this.value(",]"));
      this.space();
      if (this.text[this.pos] === ",") this.pos += 1;
      else if (this.text[this.pos] !== "]") this.fail("expected ',' or ']' in a flow sequence");
    }
    this.pos += 1;
    return { kind: "seq", line: this.line, items };
  }

  private mapping(): YamlNode {
    this.pos += 1;
    const entries: YamlEntry[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === "}") break;
      const key = this.value(",}:");
      this.space();
      let value: YamlNode = { kind: "scalar", line: this.line, value: null };
      if (this.text[this.pos] === ":") {
        this.pos += 1;
        value = this.value(",}");
      }
      entries.push({ key: String(key.kind === "scalar" ? key.value : ""), line: this.line, value });
      this.space();
      if (this.text[this.pos] === ",") this.pos += 1;
      else if (this.text[this.pos] !== "}") this.fail("expected ',' or '}' in a flow mapping");
    }
    this.pos += 1;
    return { kind: "map", line: this.line, entries };
  }
}

function bracketDepth(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\" && quote === '"') i += 1;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") depth += 1;
    else if (ch === "]" || ch === "}") depth -= 1;
  }
  return depth;
}

/** True when the quoted scalar starting `text` has its closing quote. */
function quoteClosed(text: string): boolean {
  const quote = text[0];
  for (let i = 1; i < text.length; i += 1) {
    if (quote === '"' && text[i] === "\\") i += 1;
    else if (quote === "'" && text[i] === "'" && text[i + 1] === "'") i += 1;
    else if (text[i] === quote) return true;
  }
  return false;
}

class BlockReader {
  private i = 0;
  private readonly lines: Line[];

  constructor(text: string) {
    this.lines = text.split(/\r?\n/).map((raw, index) => {
      const indent = /^ */.exec(raw)?.[0].length ?? 0;
      if (raw[indent] === "\t") throw new YamlError("tabs cannot indent YAML", index + 1);
      return { indent, text: raw.slice(indent) };
    });
  }

  document(): YamlNode {
    this.skipBlank();
    if (this.lines[this.i]?.text.trim() === "---") this.i += 1;
    const node = this.node(-1);
    this.skipBlank();
    const extra = this.lines[this.i];
    if (extra && extra.text.trim() !== "...") {
      throw new YamlError("unexpected indentation or content", this.i + 1);
    }
    return node;
  }

  private blank(line: Line): boolean {
    return stripComment(line.text).trim() === "";
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.blank(this.lines[this.i] as Line)) this.i += 1;
  }

  /** The node starting at the next non-blank line, which must be indented more than `parent`. */
  private node(parent: number): YamlNode {
    this.skipBlank();
    const line = this.lines[this.i];
    if (!line || line.indent <= parent) {
      return { kind: "scalar", line: this.i + 1, value: null };
    }
    if (isSeqLine(line.text)) return this.sequence(line.indent);
    if (keyColon(line.text) >= 0) return this.mapping(line.indent);
    const text = stripComment(line.text);
    this.i += 1;
    return this.inline(text, this.i, parent);
  }

  private mapping(indent: number): YamlNode {
    const entries: YamlEntry[] = [];
    const start = this.i + 1;
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.i];
      if (!line || line.indent < indent) break;
      if (line.indent > indent) throw new YamlError("unexpected indentation", this.i + 1);
      const colon = keyColon(line.text);
      if (colon < 0) {
        if (isSeqLine(line.text)) break;
        throw new YamlError("expected 'key: value'", this.i + 1);
      }
      const keyLine = this.i + 1;
      const key = parseKey(line.text.slice(0, colon), keyLine);
      if (entries.some((entry) => entry.key === key)) {
        throw new YamlError(`duplicate key '${key}'`, keyLine);
      }
      const rest = stripComment(line.text.slice(colon + 1)).trim();
      this.i += 1;
      let value: YamlNode;
      if (rest === "") {
        this.skipBlank();
        const next = this.lines[this.i];
        // A sequence may sit at the key's own indentation ("key:\n- a").
        value =
          next && next.indent === indent && isSeqLine(next.text)
            ? this.sequence(indent)
            : this.node(indent);
      } else {
        value = this.inline(rest, keyLine, indent);
      }
      entries.push({ key, line: keyLine, value });
    }
    return { kind: "map", line: start, entries };
  }

  private sequence(indent: number): YamlNode {
    const items: YamlNode[] = [];
    const start = this.i + 1;
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.i];
      if (!line || line.indent !== indent || !isSeqLine(line.text)) {
        if (line && line.indent > indent) {
          throw new YamlError("unexpected indentation", this.i + 1);
        }
        break;
      }
      const after = line.text.slice(1);
      const offset = 1 + (/^ */.exec(after)?.[0].length ?? 0);
      const rest = line.text.slice(offset);
      if (stripComment(rest).trim() === "") {
        this.i += 1;
        items.push(this.node(indent));
      } else if (isSeqLine(rest) || keyColon(rest) >= 0) {
        // "- key: value": the item is a collection whose column is where its text starts.
        this.lines[this.i] = { indent: indent + offset, text: rest };
        items.push(this.node(indent));
      } else {
        this.i += 1;
        items.push(this.inline(stripComment(rest), this.i, indent));
      }
    }
    return { kind: "seq", line: start, items };
  }

  /** A value written after `key:` or `- ` on `line`; continuation lines are indented > parent. */
  private inline(text: string, line: number, parent: number): YamlNode {
    const head = text.trim();
    if (/^[|>][-+]?\d?$/.test(head)) return this.blockScalar(head, line, parent);
    if (head.startsWith("[") || head.startsWith("{")) {
      let flow = head;
      while (bracketDepth(flow) > 0 && this.i < this.lines.length) {
        flow += ` ${stripComment((this.lines[this.i] as Line).text)}`;
        this.i += 1;
      }
      return new FlowReader(flow, line).read();
    }
    if (head.startsWith('"') || head.startsWith("'")) {
      // A quoted scalar may run over several lines; they fold as in a plain scalar.
      let quoted = head;
      while (!quoteClosed(quoted) && this.i < this.lines.length) {
        const next = (this.lines[this.i] as Line).text.trim();
        quoted += next === "" ? "\n" : quoted.endsWith("\n") ? next : ` ${next}`;
        this.i += 1;
      }
      return new FlowReader(quoted, line).read();
    }
    const parts = [head];
    for (;;) {
      const next = this.lines[this.i];
      if (!next) break;
      if (this.blank(next)) {
        // A blank line inside a plain scalar is a line break, if the scalar carries on after it.
        let j = this.i;
        while (j < this.lines.length && this.blank(this.lines[j] as Line)) j += 1;
        const after = this.lines[j];
        if (!after || after.indent <= parent) break;
        parts.push("\n");
        this.i = j;
        continue;
      }
      if (next.indent <= parent || keyColon(next.text) >= 0) break;
      parts.push(stripComment(next.text).trim());
      this.i += 1;
    }
    const joined = parts.reduce(
      (acc, part) => (part === "\n" || acc.endsWith("\n") ? acc + part : `${acc} ${part}`),
      "",
    );
    return { kind: "scalar", line, value: resolvePlain(joined.trim()) };
  }

  private blockScalar(header: string, line: number, parent: number): YamlNode {
    const body: string[] = [];
    let indent = -1;
    while (this.i < this.lines.length) {
      const next = this.lines[this.i] as Line;
      const empty = next.text.trim() === "";
      if (!empty && next.indent <= parent) break;
      if (!empty && indent < 0) indent = next.indent;
      if (!empty && next.indent < indent) break;
      body.push(empty ? "" : " ".repeat(next.indent - indent) + next.text);
      this.i += 1;
    }
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === "") {
      body.pop();
      trailing += 1;
    }
    let value: string;
    if (header.startsWith("|")) {
      value = body.join("\n");
    } else {
      // Folding: lines join with a space, a blank line is a line break, and more-indented
      // lines keep their breaks.
      value = body[0] ?? "";
      for (let k = 1; k < body.length; k += 1) {
        const text = body[k] ?? "";
        const previous = body[k - 1] ?? "";
        if (text === "") value += "\n";
        else if (previous === "") value += text;
        else if (text.startsWith(" ") || previous.startsWith(" ")) value += `\n${text}`;
        else value += ` ${text}`;
      }
    }
    if (header.includes("+")) value += "\n".repeat(trailing + (body.length > 0 ? 1 : 0));
    else if (!header.includes("-") && body.length > 0) value += "\n";
    return { kind: "scalar", line, value };
  }
}

/** Reads `text` into nodes with line numbers; throws YamlError for what it cannot read. */
export function parseYaml(text: string): YamlNode {
  return new BlockReader(text).document();
}

/** The plain JavaScript value of a node (maps become objects). */
export function toPlain(node: YamlNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((entry) => [entry.key, toPlain(entry.value)]));
}
