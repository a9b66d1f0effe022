/** The caller of a request, shared by the server (which decides it) and the layers below. */
export {
  adminCaller,
  anonymousCaller,
  isScoped,
  type Caller,
  type TokenCaller,
  type TokenGrants,
} from './caller.js';
