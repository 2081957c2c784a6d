exports.greeting = function () {
  return customGreeting;
};
