package io.bastion.catalogue;

/** What to do when a question is not fully met. */
public record Recommendation(String text, Effort effort, Impact impact) {
}
