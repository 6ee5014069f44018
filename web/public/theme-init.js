// Runs before the app so a stored light/dark choice paints without a flash (CSP: script-src 'self').
try {
  var choice = localStorage.getItem("modelreg.theme");
  if (choice === "light" || choice === "dark")
    document.documentElement.setAttribute("data-theme", choice);
} catch {
  // Storage disabled: the system theme applies.
}
