// A proxy integration handler in Node.js: answers with the event it got.
exports.handler = async (event) => {
  const path = event.rawPath || event.path || "";
  if (path.endsWith("/raise")) {
    throw new Error("node handler failed on purpose");
  }
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json", "X-Handler": "node" },
    cookies: ["a=1", "b=2"],
    body: JSON.stringify({ event }),
  };
};
