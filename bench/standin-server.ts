/**
 * The Slack stand-in as its own process, so the benchmark's load generator does not also serve
 * the bot's Web API calls (on a 2-core machine that would skew the figures against the bot).
 * Prints one JSON line with the API URL, then serves until killed.
 */
import { SlackStandin } from '../test/support/slack-standin.js';

const slack = await SlackStandin.start({ latencyMs: Number(process.env.LATENCY_MS ?? 0) });
for (const u of [
  { id: 'U0ANNA', name: 'anna' },
  { id: 'U0KASIA', name: 'kasia', email: 'kasia@example.com' },
  { id: 'U0OMAR', name: 'omar' },
  { id: 'U0OPENER', name: 'olle' },
])
  slack.addUser(u);
slack.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
process.stdout.write(`${JSON.stringify({ apiUrl: slack.apiUrl })}\n`);
