package io.bastion.catalogue.oscal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.catalogue.CsfFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The current (not withdrawn) content of an OSCAL catalog laid out as NIST publishes the Cybersecurity Framework 2.0:
 * top-level groups are the functions (ids GV, ID, PR, DE, RS, RC), their controls the categories (GV.OC), and the
 * categories' controls the subcategories (GV.OC-01), each with a statement part and example parts. Anything marked
 * withdrawn (a prop {@code status = withdrawn}) is left out, with everything under it.
 */
public record OscalCatalog(Metadata metadata, List<Function> functions, int withdrawnSubcategories) {

  /** What the catalog says about itself; each may be null. */
  public record Metadata(String title, String version, String lastModified) {
  }

  public record Function(CsfFunction function, String title, List<Category> categories) {
  }

  public record Category(String id, String title, List<Subcategory> subcategories) {
  }

  /** A subcategory: its statement and its implementation examples, in file order. */
  public record Subcategory(String id, String statement, List<String> examples) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The subcategory ids the catalogue loader takes as NIST CSF 2.0 references: FN.XX-NN. */
  private static final Pattern SUBCATEGORY_ID = Pattern.compile("(GV|ID|PR|DE|RS|RC)\\.[A-Z]{2}-\\d{2}");
  private static final Pattern CATEGORY_ID = Pattern.compile("(GV|ID|PR|DE|RS|RC)\\.[A-Z]{2}");

  public List<Category> categories() {
    return functions.stream().flatMap(f -> f.categories().stream()).toList();
  }

  public List<Subcategory> subcategories() {
    return categories().stream().flatMap(c -> c.subcategories().stream()).toList();
  }

  /** Reads an OSCAL catalog JSON; {@code source} names the file in the exception's message. */
  public static OscalCatalog read(String source, String json) {
    return new Reader(source).read(json);
  }

  /** One reading: the source for messages and the counts gathered on the way. */
  private static final class Reader {
    private final String source;
    private final Set<String> ids = new HashSet<>();
    private int withdrawnSubcategories;

    Reader(String source) {
      this.source = source;
    }

    OscalCatalog read(String json) {
      JsonNode root;
      try {
        root = JSON.readTree(json);
      } catch (JacksonException e) {
        throw fail("not JSON (" + e.getOriginalMessage() + ")");
      }
      JsonNode catalog = root == null ? null : root.get("catalog");
      if (catalog == null || !catalog.isObject()) {
        throw fail("no 'catalog' object at the top: not an OSCAL catalog");
      }
      JsonNode meta = catalog.path("metadata");
      Metadata metadata = new Metadata(text(meta, "title"), text(meta, "version"), text(meta, "last-modified"));
      List<Function> functions = new ArrayList<>();
      Set<CsfFunction> seen = EnumSet.noneOf(CsfFunction.class);
      for (Indexed indexed : inFrameworkOrder(list(catalog, "groups", "catalog"))) {
        JsonNode group = indexed.node();
        String id = required(group, "id", "group #" + indexed.position());
        String title = required(group, "title", "group '" + id + "'");
        if (withdrawn(group)) {
          continue;
        }
        CsfFunction function = CsfFunction.parse(id).filter(f -> f.name().equals(id)).orElseThrow(() ->
            fail("group '" + id + "' is not a CSF function (GV, ID, PR, DE, RS, RC)"));
        if (!seen.add(function)) {
          throw fail("function group '" + id + "' appears twice");
        }
        functions.add(new Function(function, title, categories(group, function)));
      }
      if (functions.isEmpty()) {
        throw fail("no function groups (catalog.groups with ids GV, ID, PR, DE, RS, RC)");
      }
      OscalCatalog result = new OscalCatalog(metadata, functions, withdrawnSubcategories);
      if (result.subcategories().isEmpty()) {
        throw fail("no current subcategories (none at all, or all withdrawn)");
      }
      return result;
    }

    /** The function's current categories that hold at least one current subcategory. */
    private List<Category> categories(JsonNode group, CsfFunction function) {
      List<Category> categories = new ArrayList<>();
      for (Indexed indexed : inFrameworkOrder(list(group, "controls", "group '" + function + "'"))) {
        JsonNode control = indexed.node();
        String id = required(control, "id", "control #" + indexed.position() + " of group '" + function + "'");
        String title = required(control, "title", "category '" + id + "'");
        unique(id);
        if (withdrawn(control)) {
          withdrawnSubcategories += control.path("controls").size();
          continue;
        }
        if (!CATEGORY_ID.matcher(id).matches() || !id.startsWith(function.name() + ".")) {
          throw fail("category '" + id + "' in group '" + function + "' is not a category id of that function "
              + "(such as " + function + ".AB)");
        }
        List<Subcategory> subcategories = subcategories(control, id);
        if (!subcategories.isEmpty()) {
          categories.add(new Category(id, title, subcategories));
        }
      }
      return categories;
    }

    private List<Subcategory> subcategories(JsonNode category, String categoryId) {
      List<Subcategory> subcategories = new ArrayList<>();
      for (Indexed indexed : inFrameworkOrder(list(category, "controls", "category '" + categoryId + "'"))) {
        JsonNode control = indexed.node();
        String id = required(control, "id", "control #" + indexed.position() + " of category '" + categoryId + "'");
        required(control, "title", "subcategory '" + id + "'");
        unique(id);
        if (withdrawn(control)) {
          withdrawnSubcategories++;
          continue;
        }
        if (!SUBCATEGORY_ID.matcher(id).matches() || !id.startsWith(categoryId + "-")) {
          throw fail("subcategory '" + id + "' in category '" + categoryId + "' is not a subcategory id of it "
              + "(such as " + categoryId + "-01)");
        }
        String statement = null;
        List<String> examples = new ArrayList<>();
        for (JsonNode part : list(control, "parts", "subcategory '" + id + "'")) {
          String prose = text(part, "prose");
          if (prose == null) {
            continue;
          }
          switch (part.path("name").asText("")) {
            case "statement" -> statement = prose;
            case "example" -> examples.add(prose);
            default -> { } // guidance and other parts are not part of the question
          }
        }
        if (statement == null) {
          throw fail("subcategory '" + id + "' has no statement (a part named statement with prose)");
        }
        subcategories.add(new Subcategory(id, statement, List.copyOf(examples)));
      }
      return subcategories;
    }

    /** A list field: absent is empty; anything else than a list is refused (iterating an object would walk its values). */
    private JsonNode list(JsonNode node, String field, String where) {
      JsonNode value = node.path(field);
      if (!value.isMissingNode() && !value.isArray()) {
        throw fail(where + ": " + field + " is not a list");
      }
      return value;
    }

    private void unique(String id) {
      if (!ids.add(id)) {
        throw fail("id '" + id + "' appears twice");
      }
    }

    private String required(JsonNode node, String field, String where) {
      String value = node.isObject() ? text(node, field) : null;
      if (value == null) {
        throw fail(where + " has no " + field);
      }
      return value;
    }

    private OscalImportException fail(String problem) {
      return new OscalImportException(source, problem);
    }
  }

  /** An element of a list with its position in the file, from 1, for messages. */
  private record Indexed(int position, JsonNode node, String sortId) {
  }

  /**
   * The elements of a list in the framework's order: by their {@code sort-id} prop where they have one (NIST's file
   * lists GV.PO before GV.RM, while the framework puts GV.RM second), else as in the file. The sort is stable.
   */
  private static List<Indexed> inFrameworkOrder(JsonNode list) {
    List<Indexed> items = new ArrayList<>();
    int position = 0;
    for (JsonNode node : list) {
      position++;
      items.add(new Indexed(position, node, prop(node, "sort-id")));
    }
    items.sort(Comparator.comparing(Indexed::sortId, Comparator.nullsLast(Comparator.naturalOrder())));
    return items;
  }

  private static String prop(JsonNode node, String name) {
    for (JsonNode prop : node.path("props")) {
      if (name.equals(prop.path("name").asText()) && prop.path("value").isTextual()) {
        return prop.path("value").asText();
      }
    }
    return null;
  }

  /** OSCAL's mark of a withdrawn group or control: a prop named status with the value withdrawn. */
  private static boolean withdrawn(JsonNode node) {
    for (JsonNode prop : node.path("props")) {
      if ("status".equals(prop.path("name").asText()) && "withdrawn".equals(prop.path("value").asText())) {
        return true;
      }
    }
    return false;
  }

  /** A trimmed, non-blank text field with whitespace runs made single spaces; else null. */
  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      return null;
    }
    return v.asText().strip().replaceAll("\\s+", " ");
  }
}
