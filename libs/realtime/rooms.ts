/** Room names come only from here. */
export const rooms = {
  channel: (channelId: string) => `channel:${channelId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};
