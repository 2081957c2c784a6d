//     Done.
//     A todo list kept in sync across every browser that has it open.
//
//     The models and the collection talk to the server over Socket.IO with
//     backbone.iosync (`fetch`, `save` and `destroy` become `todo:create`,
//     `todos:read`, `todo:patch`, ...) and hear about everybody's changes with
//     backbone.iobind (`todos:create`, `todo/<id>:update`, `todo/<id>:delete`).
//     The server is Java (example/src/main/java): it validates, stores in H2
//     and acknowledges, then pushes the change to every open page.
//
//     No build step and no jQuery: Backbone's models, collections and events
//     are all this page uses, so the views below are plain objects with
//     Backbone.Events and the DOM API.

(function () {
  'use strict';

  // The socket
  // ----------

  // One Socket.IO connection for the page, at the server's `/socket.io/`.
  // ioSync and ioBind find it as `Backbone.socket`. It reconnects by itself
  // after a network drop or a server restart (retrying every 0.5–3 s);
  // messages sent meanwhile wait in its buffer.
  var socket = io({reconnectionDelay: 500, reconnectionDelayMax: 3000});
  Backbone.socket = socket;

  // Todo
  // ----

  // A todo: `{id, title, completed, order}`, all set by the server. Its url is
  // `todo/<id>`, so saves are emitted as `todo:create`, `todo:patch`, ... and
  // pushes about it arrive as `todo/<id>:update` and `todo/<id>:delete`.
  var Todo = Backbone.Model.extend({
    urlRoot: 'todo',

    defaults: {title: '', completed: false},

    // Listen for pushes about this todo once it has an id: a todo being
    // created gets its id from the server's answer.
    initialize: function () {
      if (this.isNew()) {
        this.once('change:id', this.listenForPushes, this);
      } else {
        this.listenForPushes();
      }
    },

    // Another page (or this one) changed or deleted this todo.
    listenForPushes: function () {
      this.ioBind('update', this.serverUpdate, this);
      this.ioBind('delete', this.serverDelete, this);
    },

    serverUpdate: function (attrs) {
      if (this.collection) this.collection.noteChange(this.id);
      this.set(attrs);
    },

    serverDelete: function () {
      if (this.collection) {
        this.collection.noteChange(this.id);
        this.collection.remove(this);
      }
    },

    // Ask the server to mark this todo done (or not). `wait`: the model
    // changes when the server has stored it, so a refused change never shows.
    setCompleted: function (completed, options) {
      return this.save({completed: completed}, _.extend({patch: true, wait: true}, options));
    }
  });

  // Todos
  // -----

  // The list. `fetch` emits `todos:read`; a todo created anywhere arrives as
  // `todos:create`. Kept in creation order (the server's `order`).
  var Todos = Backbone.Collection.extend({
    model: Todo,
    url: 'todos',
    comparator: 'order',

    initialize: function () {
      this.changedDuringResync = null;
      this.resyncs = 0;
      this.ioBind('create', this.serverCreate, this);
      // A todo that leaves the list stops listening: its pushes are over.
      this.on('remove', function (todo) { todo.ioUnbindAll(); });
    },

    // `merge`: the page that created the todo already has it (from the
    // server's answer) and must not get it twice.
    serverCreate: function (attrs) {
      this.noteChange(attrs.id);
      this.add(attrs, {merge: true});
    },

    // Remembers that a push touched this id while a resync is reading the
    // list: the push is newer than what the read returns.
    noteChange: function (id) {
      if (this.changedDuringResync) this.changedDuringResync[id] = true;
    },

    // **resync** reads the whole list again and makes this collection equal to
    // it: todos added elsewhere appear, changed ones update, deleted ones go.
    // Called on every (re)connection, because pushes sent while this page was
    // offline are lost. A push that arrives while the read is under way wins
    // over the read for the todo it names: the server may have read the list
    // just before that change. Returns a promise.
    resync: function () {
      var todos = this;
      var generation = ++this.resyncs;
      var changed = this.changedDuringResync = {};
      return new Promise(function (resolve, reject) {
        todos.sync('read', todos, {
          success: function (list) {
            if (generation !== todos.resyncs) return resolve(false); // a newer resync is under way
            todos.changedDuringResync = null;
            var unchanged = _.filter(list, function (attrs) { return !changed[attrs.id]; });
            var pushed = todos.filter(function (todo) { return changed[todo.id]; });
            todos.set(unchanged.concat(pushed), {merge: true, remove: true});
            resolve(true);
          },
          error: function (err) {
            if (generation === todos.resyncs) todos.changedDuringResync = null;
            reject(err);
          }
        });
      });
    },

    remaining: function () {
      return this.where({completed: false}).length;
    }
  });

  // TodoView
  // --------

  var todoTemplate = _.template(document.getElementById('todo-template').innerHTML);

  // One `<li>`: draws its todo, forwards clicks to it, and animates away.
  function TodoView(todo, app) {
    this.model = todo;
    this.app = app;
    this.el = document.createElement('li');
    this.el.className = 'todo';
    this.el.addEventListener('change', this.onChange.bind(this));
    this.el.addEventListener('click', this.onClick.bind(this));
    this.listenTo(todo, 'change', this.render);
  }

  _.extend(TodoView.prototype, Backbone.Events, {
    render: function () {
      var todo = this.model;
      this.el.setAttribute('data-id', todo.id);
      this.el.classList.toggle('is-completed', !!todo.get('completed'));
      this.el.classList.remove('is-pending');
      this.el.innerHTML = todoTemplate(todo.toJSON());
      return this;
    },

    // The checkbox: the todo changes once the server has it; a refusal puts
    // the checkbox back (re-render) and is shown.
    onChange: function (event) {
      if (!event.target.classList.contains('todo-check')) return;
      var view = this;
      this.el.classList.add('is-pending');
      this.model.setCompleted(event.target.checked, {
        success: function () { view.app.clearError(); },
        error: function (todo, err) {
          view.render();
          view.app.failed('Could not update “' + todo.get('title') + '”', err);
        }
      });
    },

    onClick: function (event) {
      var button = event.target.closest('.todo-delete');
      if (!button || button.disabled) return;
      button.disabled = true;
      var view = this;
      // `wait`: the todo leaves the list when the server has deleted it.
      this.model.destroy({
        wait: true,
        success: function () { view.app.clearError(); },
        error: function (todo, err) {
          button.disabled = false;
          view.app.failed('Could not delete “' + todo.get('title') + '”', err);
        }
      });
    },

    // Fade and fold the row, then take it out. Without a transition (reduced
    // motion, a background tab) the timer takes it out anyway.
    leave: function () {
      this.stopListening();
      var el = this.el;
      var gone = _.once(function () { if (el.parentNode) el.parentNode.removeChild(el); });
      if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) return gone();
      el.style.height = el.offsetHeight + 'px';
      void el.offsetHeight; // start the transition from the current height
      el.classList.add('is-leaving');
      el.addEventListener('transitionend', gone);
      setTimeout(gone, 450);
    }
  });

  // AppView
  // -------

  // The page: the form, the list, the count, the connection indicator and the
  // error line.
  function AppView(todos) {
    this.todos = todos;
    this.views = {};
    this.el = document.querySelector('.app');
    this.form = document.querySelector('.new-todo');
    this.input = document.querySelector('.new-todo-title');
    this.list = document.querySelector('.todo-list');
    this.count = document.querySelector('.todo-count');
    this.status = document.querySelector('.status');
    this.error = document.querySelector('.error');

    this.form.addEventListener('submit', this.create.bind(this));
    this.error.querySelector('.error-dismiss').addEventListener('click', this.clearError.bind(this));

    this.listenTo(todos, 'add', this.addOne);
    this.listenTo(todos, 'remove', this.removeOne);
    this.listenTo(todos, 'sort', this.reorder);
    this.listenTo(todos, 'update reset change:completed', this.renderCount);
    this.renderCount();
  }

  _.extend(AppView.prototype, Backbone.Events, {
    // Add: the todo joins the list when the server has stored it (`wait`), so
    // a refused title never appears; the field keeps the text to fix it.
    create: function (event) {
      event.preventDefault();
      var title = this.input.value.trim();
      if (!title) return this.input.focus();
      var app = this;
      this.todos.create({title: title}, {
        wait: true,
        success: function () {
          if (app.input.value.trim() === title) app.input.value = '';
          app.clearError();
        },
        error: function (todo, err) { app.failed('Could not add the todo', err); }
      });
    },

    addOne: function (todo) {
      var view = this.views[todo.cid] = new TodoView(todo, this);
      var next = this.todos.at(this.todos.indexOf(todo) + 1);
      var before = next && this.views[next.cid];
      this.list.insertBefore(view.render().el, before ? before.el : null);
    },

    removeOne: function (todo) {
      var view = this.views[todo.cid];
      if (!view) return;
      delete this.views[todo.cid];
      view.leave();
    },

    // After a resync the server's order wins: put the rows in it.
    reorder: function () {
      var app = this;
      this.todos.each(function (todo) {
        var view = app.views[todo.cid];
        if (view) app.list.appendChild(view.el);
      });
    },

    renderCount: function () {
      var total = this.todos.length, left = this.todos.remaining();
      this.count.textContent = total === 0 ? 'Nothing to do yet.'
        : left === 0 ? 'All done!'
        : left + (left === 1 ? ' item left' : ' items left');
      this.el.classList.toggle('is-empty', total === 0);
    },

    // `connecting` → `connected` ⇄ `reconnecting`; `syncing` while the list is
    // being read again after a (re)connection.
    setStatus: function (state, text) {
      this.status.setAttribute('data-state', state);
      this.status.querySelector('.status-text').textContent = text;
    },

    // A refused change: say why (the server's message names the field), then
    // read the list again, so it shows what the server has (e.g. a todo that
    // another page deleted meanwhile is gone).
    failed: function (what, err) {
      this.showError(what, err);
      this.todos.resync().catch(function () { /* the next reconnection resyncs */ });
    },

    showError: function (what, err) {
      var reason = err && err.message ? err.message : 'no answer from the server';
      this.error.querySelector('.error-text').textContent = what + ': ' + reason;
      this.error.hidden = false;
    },

    clearError: function () {
      this.error.hidden = true;
      this.error.querySelector('.error-text').textContent = '';
    }
  });

  // Start
  // -----

  var todos = new Todos();
  var app = new AppView(todos);

  // Every (re)connection reads the list again: what happened while this page
  // was away shows up without a reload. Not after a short break the server
  // recovered (connection state recovery): it sent the missed pushes again.
  socket.on('connect', function () {
    if (socket.recovered) {
      app.setStatus('connected', 'Connected');
      return;
    }
    app.setStatus('syncing', 'Syncing…');
    todos.resync().then(function (current) {
      if (current && socket.connected) app.setStatus('connected', 'Connected');
      // The page is usable and shows the server's list: bench/example measures the time to here.
      if (!performance.getEntriesByName('done:interactive').length) performance.mark('done:interactive');
    }, function (err) {
      app.showError('Could not load the list', err);
    });
  });

  // With several server nodes: the node says so when the link between the
  // nodes (Redis) is back after an outage, as pushes made on other nodes
  // meanwhile never reached this page.
  socket.on('iobind:resync', function () {
    todos.resync().catch(function () { /* the next reconnection resyncs */ });
  });

  socket.on('disconnect', function (reason) {
    app.setStatus('reconnecting', 'Reconnecting…');
    // The server closed this socket on purpose: Socket.IO does not retry by
    // itself then, so ask it to.
    if (reason === 'io server disconnect') socket.connect();
  });

  socket.io.on('reconnect_attempt', function (attempt) {
    app.setStatus('reconnecting', attempt > 1 ? 'Reconnecting… (try ' + attempt + ')' : 'Reconnecting…');
  });

  // Leaving the page: drop every push listener this page registered.
  window.addEventListener('pagehide', function () {
    todos.each(function (todo) { todo.ioUnbindAll(); });
    todos.ioUnbindAll();
  });

  // For the curious, in the browser's console.
  window.done = {todos: todos, socket: socket, Todo: Todo, Todos: Todos};
})();
