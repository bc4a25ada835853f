package io.bastion.codecs;

/** A question whose score went up or down since the previous report; a null answer means unanswered. */
public record QuestionChange(String questionId, String from, String to, double before, double after) {
}
