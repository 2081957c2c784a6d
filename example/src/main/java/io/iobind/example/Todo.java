package io.iobind.example;

/**
 * One todo as the page sees it: {@code {"id": "…", "title": "…", "completed": false, "order": 3}}. The order is
 * the creation order the list is sorted by (the collection's comparator).
 */
public record Todo(String id, String title, boolean completed, long order) {
}
