package io.bastion.catalogue.oscal;

import java.util.List;

/**
 * The answers of every imported question: how far a subcategory's outcome is achieved, from 0 (not at all) to 4
 * (achieved, measured and improved). Bastion's wording, the same for all questions, so that answers compare across
 * the catalogue; the loader scores level n as n/4.
 */
final class MaturityScale {

  static final List<String> LEVELS = List.of(
      "Not in place",
      "Ad hoc: done now and then, depending on individuals",
      "Partly in place: defined for some areas, or not followed consistently",
      "In place: defined, approved and followed across the organisation",
      "Managed: in place, measured, reviewed regularly and improved after incidents and changes");

  /** The lowest level at which the outcome counts as achieved: what the recommendation aims for. */
  static final int ACHIEVED = 3;

  private MaturityScale() {
  }
}
