/**
 * The workload of the concurrency tests: 50 conversations of 3 participants drawn from 150
 * users, so one nested read sends about 200 Twilio requests, most of them at once.
 */
export const BURST_SEED = {
  conversationsPerService: 50,
  participantsPerConversation: 3,
  usersPerService: 150,
  messagesPerConversation: 0,
  publicChannelsPerService: 0,
};

/** Every conversation's participants and each participant's user, through one operation. */
export const BURST_NESTED_READ = `{
  conversations(first: 50) {
    nodes { sid participants(first: 50) { nodes { identity user { friendlyName } } } }
  }
}`;
