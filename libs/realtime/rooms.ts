/** Room names come only from here. */
export const rooms = {
  channel: (channelId: string) => `channel:${channelId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  /** Sockets watching one user's presence (`presence:watch`). */
  presence: (userId: string) => `presence:${userId}`,
};
