var customGreeting = 'hello from @VERSION';
