// The floor for the ack and memory benchmarks: a Bolt app with the same HTTP receiver that only
// acks. Plain JavaScript run by node, as the bot runs from its compiled build, so neither pays
// for a TypeScript loader. PORT, SLACK_SIGNING_SECRET and SLACK_API_URL come from the env.
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bare',
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('{"ok":true}') }],
});
app.action(/.*/, async ({ ack }) => ack());
app.command('/crisis', async ({ ack }) => ack({ response_type: 'ephemeral', text: 'ok' }));
await app.start(Number(process.env.PORT));
