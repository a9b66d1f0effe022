/**
 * The shape of one Twilio REST operation as the registry records it. Facts only (paths,
 * parameters, types, enums, patterns): no description text from Twilio's documents.
 */

/** The API families we cover. IP Messaging v2 is served as an alias host of Chat v2. */
export type Product = 'chat' | 'conversations';

/** Host names Twilio serves these APIs on (`https://<host>.twilio.com`). */
export type HostProduct = 'chat' | 'ip-messaging' | 'conversations';

export type ApiVersion = 'v1' | 'v2' | 'v3';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type OperationKind = 'list' | 'fetch' | 'create' | 'update' | 'delete';

export type ParamType = 'string' | 'integer' | 'number' | 'boolean';

export interface ParamSpec {
  /** Twilio's wire name, e.g. `FriendlyName`, `Timers.Inactive`, `X-Twilio-Webhook-Enabled`. */
  readonly name: string;
  readonly type: ParamType;
  /** OpenAPI format where given: `date-time`, `uri`, `http-method`, `int64`. */
  readonly format?: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly required: boolean;
  /** Sent as a repeated key (`Identity=a&Identity=b`). */
  readonly array: boolean;
}

/** A parent-to-child link from a path's `x-twilio.dependentProperties`. */
export interface OperationLink {
  /** Name of the child, e.g. `participants`. */
  readonly name: string;
  /** Path template of the child list, e.g. `/v1/Conversations/{conversation_sid}/Participants`. */
  readonly resourceUrl: string;
  /** Child path variable → field of the parent record, e.g. `{ conversation_sid: 'sid' }`. */
  readonly mapping: Readonly<Record<string, string>>;
}

export interface OperationSpec {
  /** `<product>.<version>.<operationId>`, e.g. `conversations.v1.ListConversation`. */
  readonly id: string;
  readonly product: Product;
  readonly version: ApiVersion;
  /** Twilio's operationId, e.g. `ListConversation`. */
  readonly operationName: string;
  /** Twilio's tag for the resource, e.g. `ConversationsV1Participant`. */
  readonly resource: string;
  readonly method: HttpMethod;
  /** Path template including the version, e.g. `/v1/Conversations/{Sid}`. */
  readonly path: string;
  readonly pathType: 'list' | 'instance';
  readonly kind: OperationKind;
  readonly pathParams: readonly ParamSpec[];
  readonly queryParams: readonly ParamSpec[];
  readonly bodyParams: readonly ParamSpec[];
  readonly headerParams: readonly ParamSpec[];
  /** Key of the item array in a list envelope (`meta.key`); null for non-list operations. */
  readonly listKey: string | null;
  readonly defaultPageSize: number | null;
  readonly maxPageSize: number | null;
  /** The main success status (200, 201 or 204). */
  readonly successStatus: number;
  /** Every documented success status (ConversationWithParticipants answers 201 or 202). */
  readonly successStatuses: readonly number[];
  /** Component schema name of the returned record (the item schema for lists). */
  readonly responseSchema: string | null;
  /** `x-twilio.parent` of the path, if any. */
  readonly parentPath: string | null;
  readonly links: readonly OperationLink[];
}

/** How an alias host differs from the API it mirrors (header parameters it lacks). */
export interface AliasDifference {
  readonly operationId: string;
  readonly missingHeaderParams: readonly string[];
}
