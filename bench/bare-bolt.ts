/**
 * The floor for the ack and memory benchmarks: a Bolt app with the same receiver that only
 * acks. Started as its own process by the benchmarks; PORT and SLACK_SIGNING_SECRET from env.
 */
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bare',
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL! },
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('{"ok":true}') }],
});
app.action(/.*/, async ({ ack }) => ack());
app.command('/crisis', async ({ ack }) => ack({ response_type: 'ephemeral', text: 'ok' }));
await app.start(Number(process.env.PORT));
