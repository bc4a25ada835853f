package io.bastion.catalogue.oscal;

/** What the catalogue written from an OSCAL catalog is called: id and version, and a title (null: the catalog's). */
public record ImportOptions(String id, String version, String title) {
}
