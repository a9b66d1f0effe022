import type { Channel, Invite } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { byCreation } from '../../store/collection.js';
import { chatInvite } from '../render/invites.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';
import { prefixed } from './shared.js';

function channelOf(r: Request): Channel {
  return r.channel(r.service(), r.path('ChannelSid'));
}

function inviteOf(r: Request, channel: Channel): Invite {
  const invite = channel.invites.get(r.path('Sid'));
  if (!invite) throw r.notFound();
  return invite;
}

const table: HandlerTable = {
  ListInvite: (r) => {
    const identities = r.list('Identity');
    const invites = byCreation([...channelOf(r).invites.values()]).filter(
      (i) => identities.length === 0 || identities.includes(i.identity),
    );
    return list(invites, (i) => chatInvite(r, i));
  },
  CreateInvite: (r) => {
    const channel = channelOf(r);
    const identity = r.str('Identity') ?? '';
    for (const invite of channel.invites.values()) {
      if (invite.identity === identity) {
        throw twilioError(ErrorCode.inviteExists, `An invite for ${identity} already exists`);
      }
    }
    const now = r.store.now();
    const invite = r.store.addInvite(channel, {
      identity,
      roleSid: r.nullable('RoleSid') ?? null,
      createdBy: 'system',
      dateCreated: now,
      dateUpdated: now,
    });
    return created(chatInvite(r, invite));
  },
  FetchInvite: (r) => ok(chatInvite(r, inviteOf(r, channelOf(r)))),
  DeleteInvite: (r) => {
    const channel = channelOf(r);
    r.store.deleteInvite(channel, inviteOf(r, channel));
    return deleted;
  },
};

export const inviteHandlers: HandlerTable = {
  ...prefixed('chat.v1.', table),
  ...prefixed('chat.v2.', table),
};
