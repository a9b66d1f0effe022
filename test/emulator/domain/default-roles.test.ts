/**
 * A new service's roles carry the permissions of Twilio's default roles (its Chat "Roles and
 * Permissions" guide), and the service defaults point where Twilio points them; a custom role
 * keeps exactly what it was given. The lists are written out here, not derived from the
 * emulator's table, so a drift fails.
 */
import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import { ACCOUNT_SID, items, record, text } from './support.js';

const twilioDefaults: Record<string, { type: string; permissions: string[] }> = {
  'service admin': {
    type: 'deployment',
    permissions: [
      'createChannel',
      'joinChannel',
      'destroyChannel',
      'editChannelAttributes',
      'editChannelName',
      'addMember',
      'inviteMember',
      'removeMember',
      'editAnyMemberAttributes',
      'editAnyMessage',
      'deleteAnyMessage',
      'editAnyMessageAttributes',
      'editAnyUserInfo',
    ],
  },
  'service user': {
    type: 'deployment',
    permissions: ['createChannel', 'joinChannel', 'editOwnUserInfo'],
  },
  'channel admin': {
    type: 'channel',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveChannel',
      'editNotificationLevel',
      'destroyChannel',
      'inviteMember',
      'removeMember',
      'editChannelName',
      'editChannelAttributes',
      'addMember',
      'editAnyMemberAttributes',
      'editAnyMessage',
      'editAnyMessageAttributes',
      'deleteAnyMessage',
    ],
  },
  'channel user': {
    type: 'channel',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveChannel',
      'editNotificationLevel',
      'editOwnMemberAttributes',
      'editOwnMessage',
      'editOwnMessageAttributes',
      'deleteOwnMessage',
    ],
  },
};

function newService() {
  const domain = createDomain({ accountSid: ACCOUNT_SID, seed: false });
  const service = text(
    record(domain, 'chat.v2.CreateService', { body: { FriendlyName: 'Roles' } }).sid,
  );
  return { domain, service };
}

describe("a new service's default roles", () => {
  it("carry Twilio's default permissions (Chat v2)", () => {
    const { domain, service } = newService();
    const roles = items(domain, 'chat.v2.ListRole', { path: { ServiceSid: service } });
    expect(
      Object.fromEntries(
        roles.map((role) => [
          role.friendly_name,
          { type: role.type, permissions: [...(role.permissions as string[])].sort() },
        ]),
      ),
    ).toEqual(
      Object.fromEntries(
        Object.entries(twilioDefaults).map(([name, role]) => [
          name,
          { type: role.type, permissions: [...role.permissions].sort() },
        ]),
      ),
    );
  });

  it('are the service defaults: service user, channel user, channel admin for the creator', () => {
    const { domain, service } = newService();
    const byName = new Map(
      items(domain, 'chat.v2.ListRole', { path: { ServiceSid: service } }).map((role) => [
        role.friendly_name,
        role.sid,
      ]),
    );
    expect(record(domain, 'chat.v2.FetchService', { path: { Sid: service } })).toMatchObject({
      default_service_role_sid: byName.get('service user'),
      default_channel_role_sid: byName.get('channel user'),
      default_channel_creator_role_sid: byName.get('channel admin'),
    });
  });

  it('are the same roles through Conversations, with its type names', () => {
    const { domain, service } = newService();
    const roles = items(domain, 'conversations.v1.ListServiceRole', {
      path: { ChatServiceSid: service },
    });
    const user = roles.find((role) => role.friendly_name === 'channel user');
    expect(user?.type).toBe('conversation');
    expect([...(user?.permissions as string[])].sort()).toEqual(
      [...(twilioDefaults['channel user']?.permissions ?? [])].sort(),
    );
  });

  it('leave a custom role with exactly the permissions it was given', () => {
    const { domain, service } = newService();
    const custom = record(domain, 'chat.v2.CreateRole', {
      path: { ServiceSid: service },
      body: { FriendlyName: 'reader', Type: 'channel', Permission: ['leaveChannel'] },
    });
    expect(custom.permissions).toEqual(['leaveChannel']);
    expect(items(domain, 'chat.v2.ListRole', { path: { ServiceSid: service } })).toHaveLength(5);
  });
});
