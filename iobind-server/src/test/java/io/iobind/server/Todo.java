package io.iobind.server;

/** The model of the test resource. */
public class Todo {
    public String id;
    public String title;
    public boolean done;
    public Integer order;

    public Todo() {
    }

    public Todo(String id, String title, boolean done) {
        this.id = id;
        this.title = title;
        this.done = done;
    }
}
