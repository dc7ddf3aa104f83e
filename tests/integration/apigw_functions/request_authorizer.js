// An HTTP API Lambda authorizer (payload 2.0, simple responses) in Node.js.
exports.handler = async (event) => {
  const ok = (event.headers || {})["x-auth"] === "letmein";
  return { isAuthorized: ok, context: { who: "node-authorizer", route: event.routeKey } };
};
