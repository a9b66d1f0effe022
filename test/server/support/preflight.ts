/**
 * The header a browser sends only after a CORS preflight: with it a GET passes Apollo's CSRF
 * check, as a script on an allowed origin (or any non-browser client) would send it.
 */
export const preflight = { 'apollo-require-preflight': 'true' } as const;
