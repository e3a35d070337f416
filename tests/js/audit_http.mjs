// The GraphQL over HTTP conformance audit of the reference implementation (npm graphql-http)
// against the gateway, driven by tests/gateway/test_graphql_http_audit.py. Every request carries
// the token given (without one the gateway answers UNAUTHENTICATED, as it should). Prints one
// JSON line per audit: {"id", "name", "status": "ok" | "warn" | "error", "reason"}.
import { auditServer } from "graphql-http";

const [url, token] = process.argv.slice(2);

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn });
for (const result of results) {
  process.stdout.write(
    JSON.stringify({
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.status === "ok" ? null : result.reason,
    }) + "\n",
  );
}
