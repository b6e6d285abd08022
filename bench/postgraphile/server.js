// PostGraphile v4 with the options the harness used from its CLI, plus a count of the SQL
// statements it sends at /__bench/sql (as bench/serve.py counts junxiu's).
// Run: node server.js <postgres url> <port>
const http = require("http");
const { Pool } = require("pg");
const { postgraphile } = require("postgraphile");
const ConnectionFilterPlugin = require("postgraphile-plugin-connection-filter");
const countStatements = require("../pg-statement-counter.cjs");

const [url, port] = process.argv.slice(2);
const pool = new Pool({ connectionString: url });
const counter = countStatements(pool);

const graphql = postgraphile(pool, "public", {
  appendPlugins: [ConnectionFilterPlugin],
  setofFunctionsContainNulls: false,
  disableQueryLog: true,
  graphiql: false,
});

http
  .createServer((request, response) => {
    if (request.url === "/__bench/sql") {
      response.setHeader("Content-Type", "application/json");
      response.end(JSON.stringify({ statements: counter.statements }));
      return;
    }
    graphql(request, response);
  })
  .listen(Number(port), "127.0.0.1");
