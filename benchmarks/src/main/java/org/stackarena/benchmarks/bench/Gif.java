package org.stackarena.benchmarks.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.stackarena.api.CameraFrame;

/** Writes frames as a looping animated GIF with a caption band, with the JDK's ImageIO GIF writer. */
public final class Gif {

    private Gif() {}

    /**
     * Writes {@code frames} to {@code file}.
     *
     * @param frames RGB frames, all the same size
     * @param delayMs delay between frames
     * @param caption two short lines drawn under each frame
     */
    public static void write(List<CameraFrame> frames, int delayMs, String[] caption, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage img = captioned(frames.get(i), caption);
                ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(img);
                IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
                String fmt = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
                IIOMetadataNode gce = child(root, "GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", String.valueOf(Math.max(1, delayMs / 10)));
                gce.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                    apps.appendChild(app);
                }
                meta.setFromTree(fmt, root);
                writer.writeToSequence(new IIOImage(img, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage captioned(CameraFrame f, String[] caption) {
        int w = f.width();
        int h = f.height();
        int band = 12 * caption.length + 4;
        BufferedImage img = new BufferedImage(w, h + band, BufferedImage.TYPE_INT_RGB);
        byte[] rgb = f.rgb();
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                int i = 3 * (v * w + u);
                img.setRGB(u, v, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | rgb[i + 2] & 0xff);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, h, w, band);
        g.setColor(Color.WHITE);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < caption.length; i++) {
            g.drawString(caption[i], 2, h + 11 + 12 * i);
        }
        g.dispose();
        return img;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
