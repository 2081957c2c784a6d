  return Backbone;
}));
