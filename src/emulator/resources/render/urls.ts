/**
 * Where rendered records point. Chat URLs always sit under `/Services/{IS}`; Conversations URLs
 * follow the form the client called (default-service `/v1/Conversations/…` or
 * `/v1/Services/{IS}/…`). Every URL starts at `r.base`, the origin and version the client
 * addressed.
 */
import type { Request } from '../request.js';

export const serviceUrl = (r: Request, serviceSid: string) => `${r.base}/Services/${serviceSid}`;

export const channelUrl = (r: Request, c: { serviceSid: string; sid: string }) =>
  `${serviceUrl(r, c.serviceSid)}/Channels/${c.sid}`;

export const userUrl = (r: Request, u: { serviceSid: string; sid: string }) =>
  `${serviceUrl(r, u.serviceSid)}/Users/${u.sid}`;

/** Root of service-owned resources in the form the client used. */
export function conversationsRoot(r: Request, serviceSid: string): string {
  return r.serviceScoped ? `${r.base}/Services/${serviceSid}` : r.base;
}

export const conversationUrl = (r: Request, serviceSid: string, channelSid: string) =>
  `${conversationsRoot(r, serviceSid)}/Conversations/${channelSid}`;

/** Adds `chat_service_sid` right after `account_sid` on the service-scoped variant only. */
export function scoped(r: Request, serviceSid: string): Record<string, unknown> {
  return r.serviceScoped ? { chat_service_sid: serviceSid } : {};
}
