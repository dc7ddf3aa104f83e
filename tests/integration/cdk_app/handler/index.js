exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ path: event.path, table: process.env.TABLE }) });
