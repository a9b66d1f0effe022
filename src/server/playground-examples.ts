/**
 * Example operations preloaded as playground tabs, written against the embedded emulator's demo
 * data (identity `alice`, conversation `general`). A test validates each against the schema and
 * runs it against the emulator (the subscription over WebSocket, fed by the send tab), so the
 * playground never opens on a broken example, and holds each tab to the Twilio cost its comment
 * states.
 */
export interface PlaygroundExample {
  readonly title: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /**
   * The Twilio calls the tab's comment promises once the gateway knows the account's default
   * chat service; each comment also says one more is made when that knowledge is stale.
   */
  readonly twilioCalls?: number;
}

/** Closes the comment of every tab that states a cost (a test holds each tab to it). */
const defaultServiceNote = `# One more looks up the account's default chat service when the gateway's copy has expired
# (GRAPH_DEFAULT_SERVICE_TTL_SECONDS, 60 by default). The response's extensions.upstream says
# what it cost.`;

const inbox = `# A user's inbox: the conversations they take part in, with their unread counts.
# Two Twilio calls, whatever the page size: the user, then their conversations (UserConversations).
# Each membership has an id, so a client cache updates its badge when markConversationRead returns it.
# With GATEWAY_AUTH=access-token, run \`npm run token -- --identity alice\` and put
# "Bearer <that token>" in the Headers pane's Authorization: \`{ viewer { identity } }\`
# then answers alice.
${defaultServiceNote}
query Inbox($identity: String!, $first: Int = 10) {
  user(identity: $identity) {
    identity
    friendlyName
    isOnline
    conversations(first: $first) {
      edges {
        membership {
          id
          unreadMessagesCount
          lastReadMessageIndex
          notificationLevel
        }
        node {
          id
          friendlyName
          uniqueName
          state
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
`;

const conversation = `# One conversation: its participants with their users, and the latest messages.
query ConversationView($uniqueName: String!, $latest: Int = 5) {
  conversation(uniqueName: $uniqueName) {
    id
    friendlyName
    state
    createdAt
    participants(first: 20) {
      nodes {
        identity
        lastReadMessageIndex
        user {
          identity
          friendlyName
          isOnline
        }
      }
    }
    messages(last: $latest) {
      nodes {
        index
        author
        body
        createdAt
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
}
`;

const paging = `# Paging with first/after: run this, then put pageInfo.endCursor into the "after"
# variable and run it again. One Twilio call per page, the first and every further one.
${defaultServiceNote}
query ConversationsPage($first: Int = 3, $after: String) {
  conversations(first: $first, after: $after) {
    edges {
      cursor
      node {
        sid
        friendlyName
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

const live = `# Live updates: each new message in \`general\`, as it arrives (over WebSocket).
# Run this tab, then run the "Send message" tab: the message shows up here.
# Twilio's webhook carries these fields, so no event costs a Twilio call.
subscription LiveMessages($conversationId: ID!) {
  messageAdded(conversationId: $conversationId) {
    index
    author
    body
    createdAt
  }
}
`;

const sendMessage = `# Sends a message to the demo's "general" conversation (its SID below) as alice, with
# webhooks on (X-Twilio-Webhook-Enabled), so Twilio (here the embedded emulator) posts
# onMessageAdded: the Live messages tab shows it as it arrives, and the Conversation tab among
# the latest messages. One Twilio call (the create).
${defaultServiceNote}
mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message {
      index
      author
      body
      createdAt
    }
    userErrors {
      field
      message
      code
    }
  }
}
`;

/** The demo data's `general` conversation (SIDs are derived from the fixed seed). */
const demoGeneralConversationSid = 'CH1c6558ffe4b2d6ebcb7fc1a6b8b62951';

/** The global id of the demo conversation `general` (stable: the seed fixes every SID). */
export const demoConversationId =
  'djE6SVM2YmRjODFhYTc5YThhYTRlZWMyNGY1YjFmNmYxMzQxMS9DSDFjNjU1OGZmZTRiMmQ2ZWJjYjdmYzFhNmI4YjYyOTUx';

export const playgroundExamples: readonly PlaygroundExample[] = [
  { title: 'Inbox', query: inbox, variables: { identity: 'alice', first: 10 }, twilioCalls: 2 },
  { title: 'Conversation', query: conversation, variables: { uniqueName: 'general', latest: 5 } },
  { title: 'Paging', query: paging, variables: { first: 3, after: null }, twilioCalls: 1 },
  { title: 'Live messages', query: live, variables: { conversationId: demoConversationId } },
  {
    title: 'Send message',
    query: sendMessage,
    variables: {
      input: {
        conversationSid: demoGeneralConversationSid,
        author: 'alice',
        body: 'Hello from the playground!',
        webhookEnabled: true,
      },
    },
    twilioCalls: 1,
  },
];
