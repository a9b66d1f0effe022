/**
 * Example operations preloaded as playground tabs, written against the embedded emulator's demo
 * data (identity `alice`, conversation `general`). A test validates each against the schema and
 * runs it against the emulator, so the playground never opens on a broken example.
 */
export interface PlaygroundExample {
  readonly title: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

const inbox = `# A user's inbox: the conversations they take part in, with their unread counts.
# Served by one Twilio call (UserConversations), whatever the page size. Each membership
# has an id, so a client cache updates its badge when markConversationRead returns it.
# The extensions.upstream of the response says what it cost.
# With GATEWAY_AUTH=access-token, run \`npm run token -- --identity alice\` and put
# "Bearer <that token>" in the Headers pane's Authorization: \`{ viewer { identity } }\`
# then answers alice.
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

export const playgroundExamples: readonly PlaygroundExample[] = [
  { title: 'Inbox', query: inbox, variables: { identity: 'alice', first: 10 } },
  { title: 'Conversation', query: conversation, variables: { uniqueName: 'general', latest: 5 } },
  { title: 'Paging', query: paging, variables: { first: 3, after: null } },
];
