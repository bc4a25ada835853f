package io.bastion.codecs;

/**
 * Score of one CSF function.
 *
 * @param score      weighted mean of the function's applicable questions, 0 to 100 (one decimal); null when none
 *                   of its questions applies
 * @param weight     the function's weight in the overall score
 * @param applicable questions that count (not na, not hidden by a condition)
 * @param answered   applicable questions that have an answer
 */
public record FunctionScore(String function, String name, Double score, double weight, int applicable, int answered) {
}
