// The reference graphql-ws client (npm) against the gateway, driven by
// tests/subscriptions/test_graphql_ws_client.py. Prints one JSON line per thing that happens:
// {"type":"connected"}, {"type":"next","payload":...}, {"type":"complete"}, {"type":"error",...},
// and finally {"type":"done"}. With `count`, it stops after that many results (the client then
// sends `complete` to the server); without, it runs until the server completes.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token, query, variablesJson, countArg] = process.argv.slice(2);
const count = countArg ? Number(countArg) : Infinity;
const print = (value) => process.stdout.write(JSON.stringify(value) + "\n");

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
  retryAttempts: 0,
  lazy: true,
  on: {
    connected: () => print({ type: "connected" }),
    closed: (event) => print({ type: "closed", code: event.code, reason: event.reason }),
  },
});

let received = 0;
try {
  const results = client.iterate({ query, variables: JSON.parse(variablesJson || "{}") });
  for await (const result of results) {
    print({ type: "next", payload: result });
    received += 1;
    if (received >= count) break; // leaving the loop completes the subscription
  }
  print({ type: "complete", received });
} catch (error) {
  print({ type: "error", error: Array.isArray(error) ? error : String(error?.message ?? error) });
  process.exitCode = 1;
} finally {
  await client.dispose();
  print({ type: "done" });
}
