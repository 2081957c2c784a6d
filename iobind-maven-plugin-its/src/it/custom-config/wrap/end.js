}(typeof exports === 'object' ? exports : (this.greeting = {})));
