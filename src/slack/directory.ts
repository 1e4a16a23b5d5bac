import type { WebClient } from '@slack/web-api';
import { PEOPLE_PAGE, type SlackDirectory } from '../services/roster-directory.js';
import { slackError } from './errors.js';

/** The roster directory's questions, asked of Slack's Web API. */
export function slackDirectory(client: WebClient): SlackDirectory {
  return {
    async byEmail(email) {
      try {
        return (await client.users.lookupByEmail({ email })).user?.id;
      } catch (error) {
        if (slackError(error) === 'users_not_found') return undefined;
        throw error;
      }
    },
    async people(cursor) {
      const page = await client.users.list({ limit: PEOPLE_PAGE, ...(cursor ? { cursor } : {}) });
      const people = (page.members ?? [])
        .filter((u) => u.id && !u.deleted && !u.is_bot && u.id !== 'USLACKBOT')
        .map((u) => ({ id: u.id!, email: u.profile?.email }));
      return { people, next: page.response_metadata?.next_cursor || undefined };
    },
  };
}
