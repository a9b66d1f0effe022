/**
 * Example operations preloaded as playground tabs, written against the embedded emulator's demo
 * data (identity `alice`, conversation `general`). A test validates each against the schema and
 * runs it against the emulator (the subscription over WebSocket, fed by the send tab), so the
 * playground never opens on a broken example.
 */
export interface PlaygroundExample {
  readonly title: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

const inbox = `# A user's inbox: the conversations they take part in, with their unread counts.
# Served by one Twilio call (UserConversations), whatever the page size.
# The extensions.upstream of the response says what it cost.
query Inbox($identity: String!, $first: Int = 10) {
  user(identity: $identity) {
    identity
    friendlyName
    isOnline
    conversations(first: $first) {
      edges {
        unreadMessagesCount
        lastReadMessageIndex
        notificationLevel
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
# variable and run it again. Each further page costs exactly one Twilio call.
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

const send = `# Sends a message with webhooks on (X-Twilio-Webhook-Enabled), so Twilio
# (here the embedded emulator) posts onMessageAdded and subscribers see it.
mutation SendMessage($conversationId: ID!, $body: String!) {
  sendMessage(
    input: { conversationId: $conversationId, author: "alice", body: $body, webhookEnabled: true }
  ) {
    message {
      index
      author
      body
    }
    userErrors {
      message
    }
  }
}
`;

/** The global id of the demo conversation `general` (stable: the seed fixes every SID). */
export const demoConversationId =
  'djE6SVM2YmRjODFhYTc5YThhYTRlZWMyNGY1YjFmNmYxMzQxMS9DSDFjNjU1OGZmZTRiMmQ2ZWJjYjdmYzFhNmI4YjYyOTUx';

export const playgroundExamples: readonly PlaygroundExample[] = [
  { title: 'Inbox', query: inbox, variables: { identity: 'alice', first: 10 } },
  { title: 'Conversation', query: conversation, variables: { uniqueName: 'general', latest: 5 } },
  { title: 'Paging', query: paging, variables: { first: 3, after: null } },
  { title: 'Live messages', query: live, variables: { conversationId: demoConversationId } },
  {
    title: 'Send message',
    query: send,
    variables: { conversationId: demoConversationId, body: 'Hello from the playground' },
  },
];
