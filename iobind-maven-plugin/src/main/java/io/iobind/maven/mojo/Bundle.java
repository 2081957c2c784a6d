package io.iobind.maven.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * One bundle in the plugin configuration:
 * <pre>{@code
 * <bundle>
 *   <name>backbone.iosync</name>
 *   <files>
 *     <file>socket.js</file>
 *     <file>sync.js</file>
 *   </files>
 * </bundle>
 * }</pre>
 * Maven fills the fields by name.
 */
public class Bundle {

    /** The output file stem: {@code <name>.js}, {@code <name>.min.js}, {@code <name>.min.js.map}. */
    private String name;

    /** Source files relative to the source directory, in concatenation order. */
    private List<String> files = new ArrayList<>();

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getFiles() {
        return files;
    }

    public void setFiles(List<String> files) {
        this.files = files;
    }
}
