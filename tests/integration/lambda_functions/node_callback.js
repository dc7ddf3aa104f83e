exports.handler = function (event, context, callback) {
  setTimeout(() => {
    if (event.fail) callback(new TypeError('callback failure'));
    else callback(null, { style: 'callback', echo: event, request_id: context.awsRequestId });
  }, 5);
};
