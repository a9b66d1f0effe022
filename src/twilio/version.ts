/** Sent in User-Agent; a test keeps it equal to package.json's version. */
export const CLIENT_NAME = 'twilio-chat-graphql';
export const CLIENT_VERSION = '0.1.0';

export function userAgent(): string {
  return `${CLIENT_NAME}/${CLIENT_VERSION} (node ${process.version}; ${process.platform} ${process.arch})`;
}
