class CustomError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CustomError';
  }
}

exports.raises = async (event) => {
  throw new CustomError(`boom: ${event.why || 'no reason'}`);
};

exports.sleeps = async (event) => {
  console.log('going to sleep');
  await new Promise((resolve) => setTimeout(resolve, (event.seconds || 30) * 1000));
  return 'woke up';
};

exports.exits = async () => {
  console.log('exiting');
  process.exit(3);
};
