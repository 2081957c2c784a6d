(function (exports) {
