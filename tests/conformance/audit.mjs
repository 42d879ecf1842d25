// graphql-http's server audits (the GraphQL-over-HTTP spec's reference suite) against a running
// hub: `node audit.mjs URL`, with a bearer token in HUB_TOKEN (every hub request needs one; the
// audits themselves send none). Prints one JSON line per audit: id, name, status, reason.
import { auditServer } from 'graphql-http';

const [url] = process.argv.slice(2);
const authorization = `Bearer ${process.env.HUB_TOKEN}`;

function authorised(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', authorization);
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: authorised });
for (const result of results) {
  const { id, name, status } = result;
  const reason = result.reason ?? null;
  console.log(JSON.stringify({ id, name, status, reason }));
}
