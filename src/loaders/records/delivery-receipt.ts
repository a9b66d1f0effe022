/**
 * Delivery receipts of a message (Conversations only).
 */
import { asWireRecord, int, str } from '../wire.js';
import { conversationChildKeys, type Dated, dates, need, type Scope } from './common.js';

export interface DeliveryReceiptRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly messageSid: string;
  readonly sid: string;
  readonly channelMessageSid: string | null;
  readonly participantSid: string | null;
  readonly status: string | null;
  readonly errorCode: number | null;
}

export function toDeliveryReceipt(data: unknown, scope: Scope = {}): DeliveryReceiptRecord {
  const w = asWireRecord(data, 'delivery receipt');
  return {
    ...conversationChildKeys(w, scope),
    messageSid: need(str(w, 'message_sid') ?? scope.messageSid, 'a message SID'),
    channelMessageSid: str(w, 'channel_message_sid'),
    participantSid: str(w, 'participant_sid'),
    status: str(w, 'status'),
    errorCode: int(w, 'error_code'),
    ...dates(w),
  };
}
