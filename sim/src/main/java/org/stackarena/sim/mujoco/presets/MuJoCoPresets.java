package org.stackarena.sim.mujoco.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP presets for Debian's MuJoCo 2.2.2 ({@code libmujoco-dev}).
 *
 * <p>At build time JavaCPP parses the headers listed here into one Java class,
 * {@code org.stackarena.sim.mujoco.global.mujoco}, with the whole public C API of {@code mujoco.h}
 * (functions, enums, and every struct with its fields as nested classes), and compiles
 * {@code libjnimujoco.so}. Our own header {@code stackarena_native.h} (in {@code src/main/native})
 * adds the setjmp/longjmp error guard around stepping and the EGL surfaceless GL context.
 * Nothing in the rest of the project uses these classes directly except
 * {@link org.stackarena.sim.Simulation} and the renderer.
 */
@Properties(
    target = "org.stackarena.sim.mujoco.global.mujoco",
    global = "org.stackarena.sim.mujoco.global.mujoco",
    value = @Platform(
        include = {"mjexport.h", "mjtnum.h", "mjmodel.h", "mjdata.h", "mjvisualize.h", "mjrender.h",
                   "mjui.h", "mujoco.h", "stackarena_native.h"},
        includepath = "/usr/include/mujoco",
        linkpath = "/usr/lib/x86_64-linux-gnu",
        link = {"mujoco", "EGL"}))
public class MuJoCoPresets implements InfoMapper {

    /** Struct tags whose typedef names are what the API uses. */
    private static final String[] STRUCTS = {
        "mjContact", "mjData", "mjLROpt", "mjModel", "mjOption", "mjSolverStat", "mjStatistic",
        "mjTimerStat", "mjUI", "mjVFS", "mjVisual", "mjWarningStat", "mjrContext", "mjrRect",
        "mjuiDef", "mjuiItemEdit", "mjuiItemMulti", "mjuiItemSingle", "mjuiItemSlider", "mjuiItem",
        "mjuiSection", "mjuiState", "mjuiThemeColor", "mjuiThemeSpacing", "mjvCamera", "mjvFigure",
        "mjvGLCamera", "mjvGeom", "mjvLight", "mjvOption", "mjvPerturb", "mjvScene"
    };

    @Override
    public void map(InfoMap infoMap) {
        for (String s : STRUCTS) {
            infoMap.put(new Info(s + "_").pointerTypes(s));
        }
        infoMap.put(new Info("MJAPI", "MJLOCAL", "MUJOCO_HELPER_DLL_IMPORT",
                        "MUJOCO_HELPER_DLL_EXPORT", "MUJOCO_HELPER_DLL_LOCAL").cppTypes().annotations())
               .put(new Info("mjMARKSTACK", "mjFREESTACK", "mjCOLLISIONFUNC", "mjMAX", "mjMIN",
                        "mjUSEDOUBLE", "mjEXTERNC", "SA_GUARDED", "STACKARENA_NATIVE_H",
                        "mjGLAD", "mjVERSION_HEADER").skip())
               .put(new Info("mjtNum").cppTypes("double").valueTypes("double")
                        .pointerTypes("DoublePointer", "DoubleBuffer", "double[]"))
               .put(new Info("mjtByte").cppTypes("unsigned char").valueTypes("byte")
                        .pointerTypes("BytePointer", "ByteBuffer", "byte[]"));
        for (String f : new String[] {"sqrt", "exp", "sin", "cos", "tan", "asin", "acos", "atan2",
                                      "tanh", "pow", "abs", "log", "log10", "floor", "ceil"}) {
            infoMap.put(new Info("mju_" + f).skip());
        }
        // Our helpers' internals: only the sa_* functions are API.
        infoMap.put(new Info("sa_jmp_env", "sa_guard_active", "sa_error_msg", "sa_warning_msg",
                        "sa_warning_count", "sa_error_handler", "sa_warning_handler").skip());
    }
}
