// Starts the design system's components (menus, accordions, tables) on every page. A file rather than an inline
// script: the Content-Security-Policy runs scripts from the app's own files only.
DKFDS.init();
