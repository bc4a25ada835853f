package io.bastion.codecs;

/**
 * Score of one category of a catalogue that groups its questions in categories (CSF 2.0's GV.OC...), computed as
 * a function's: the weighted mean of its applicable questions.
 *
 * @param category   the category id
 * @param function   the CSF function it belongs to
 * @param title      its title in the catalogue
 * @param score      0 to 100 (one decimal); null when none of its questions applies
 * @param applicable questions that count (not na, not hidden by a condition)
 * @param answered   applicable questions that have an answer
 */
public record CategoryScore(String category, String function, String title, Double score, int applicable,
    int answered) {
}
