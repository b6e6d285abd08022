// Counts every query the clients of a node-postgres pool send: PostGraphile's SQL statements per
// request, as bench/serve.py counts junxiu's. Used by postgraphile/server.js and postgraphile5/server.mjs.
module.exports = function countStatements(pool) {
  const counter = { statements: 0 };
  pool.on("connect", (client) => {
    const query = client.query.bind(client);
    client.query = (...args) => {
      counter.statements += 1;
      return query(...args);
    };
  });
  return counter;
};
