const helper = require('shared-helper');
exports.handler = async (event) => ({ greeting: helper.greet(event.name || 'world') });
