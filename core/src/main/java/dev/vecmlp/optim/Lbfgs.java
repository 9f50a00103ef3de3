package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Limited-memory BFGS: a quasi-Newton minimiser for a smooth loss over a flat float parameter
 * vector, evaluated on the whole training set (or a large fixed batch) each time. It is the
 * solver scikit-learn recommends for small data sets, and the one Spark's MLP uses: on a few
 * thousand rows it converges in tens to hundreds of iterations where SGD needs thousands.
 *
 * <p>Each {@link #iterate iteration}:
 * <ol>
 *   <li>the direction {@code d = -H g} from the two-loop recursion over the last {@link
 *       Builder#history m} pairs {@code s = x_{k+1} - x_k}, {@code y = g_{k+1} - g_k}, with the
 *       initial Hessian scaled by {@code s.y / y.y} of the newest pair (Nocedal and Wright,
 *       Algorithm 7.4); a pair whose curvature {@code s.y} is not positive is not stored, which
 *       keeps {@code H} positive definite;</li>
 *   <li>a line search for a step {@code t} that satisfies the strong Wolfe conditions
 *       {@code f(x + t d) <= f(x) + c1 t g.d} and {@code |g(x + t d).d| <= c2 |g.d|}
 *       ({@code c1 = 1e-4}, {@code c2 = 0.9}), by bracketing and zooming with safeguarded cubic
 *       interpolation (Algorithms 3.5 and 3.6). The first step of a fresh history is
 *       {@code min(1, 1/||g||_1)}, later ones start at 1. A trial point with a non-finite loss
 *       or gradient is treated as too far and the bracket shrinks towards the last good point;</li>
 *   <li>the stopping tests: the largest gradient element at most {@link Builder#gradientTolerance},
 *       or a relative loss change {@code |f_k - f_{k+1}| / max(1, |f_k|)} at most {@link
 *       Builder#lossTolerance}, or a line search that found no decrease (the parameters then stay
 *       at the last accepted point).</li>
 * </ol>
 *
 * <p>Scalars (dot products, steps, losses) are doubles; the vectors are float, like the model.
 * Buffers ({@code 2m + 4} vectors of the parameter count) are allocated on the first iteration;
 * an iteration allocates nothing after that. The state a checkpoint needs ({@link #state()}:
 * the history pairs, oldest first, and the iteration count) restores with {@link #restore}; a
 * resumed run re-evaluates the loss at the restored parameters, which gives the same values, so
 * it continues bit-identically.
 *
 * <p>Not an {@link Optimizer}: it needs to re-evaluate the loss during a step. Use it through
 * {@code Trainer.builder().lbfgs(...)} (one iteration per epoch, over the whole training set),
 * or directly with an {@link Objective} and {@link #minimize}.
 */
public final class Lbfgs {
    /** Armijo (sufficient decrease) constant of the line search. */
    public static final double C1 = 1e-4;
    /** Curvature constant of the strong Wolfe conditions (the usual value for quasi-Newton methods). */
    public static final double C2 = 0.9;

    /** The loss being minimised. */
    @FunctionalInterface
    public interface Objective {
        /**
         * The loss at {@code params}, with its gradient written into {@code gradient} (same
         * length); must not keep or change {@code params}.
         */
        double evaluate(float[] params, float[] gradient);
    }

    /** How an iteration ended. */
    public enum Status {
        /** A step was taken and no stopping test fired. */
        CONTINUE,
        /** The largest gradient element is within the gradient tolerance. */
        GRADIENT_TOLERANCE,
        /** The relative loss change of the last step is within the loss tolerance. */
        LOSS_TOLERANCE,
        /** The line search found no point with a lower loss; the parameters are unchanged. */
        LINE_SEARCH_FAILED;

        /** Whether training should stop. */
        public boolean converged() {
            return this != CONTINUE;
        }
    }

    private final int history;
    private final double gradientTolerance;
    private final double lossTolerance;
    private final int maxEvaluations;

    private int length = -1;
    private float[][] s;
    private float[][] y;
    private double[] rho;
    private double[] alpha;
    private int stored;
    private int newest = -1;
    private long iterations;
    private long evaluations;
    private float[] g;
    private float[] trialGradient;
    private float[] x0;
    private float[] direction;
    private double loss = Double.NaN;
    private boolean current;
    private double lastStep = Double.NaN;

    private Lbfgs(Builder b) {
        this.history = b.history;
        this.gradientTolerance = b.gradientTolerance;
        this.lossTolerance = b.lossTolerance;
        this.maxEvaluations = b.maxEvaluations;
    }

    /** Defaults: history 10, gradient tolerance 1e-5, loss tolerance 1e-9, 25 loss evaluations per line search. */
    public static Builder builder() {
        return new Builder();
    }

    /** A solver with the {@link #builder()} defaults. */
    public static Lbfgs withDefaults() {
        return builder().build();
    }

    public int history() {
        return history;
    }

    public double gradientTolerance() {
        return gradientTolerance;
    }

    public double lossTolerance() {
        return lossTolerance;
    }

    /** Iterations completed (including those before a {@link #restore}). */
    public long iterations() {
        return iterations;
    }

    /** Loss evaluations made by this instance (line searches included). */
    public long evaluations() {
        return evaluations;
    }

    /** The loss at the current point (after the last iteration), NaN before the first. */
    public double loss() {
        return loss;
    }

    /** The step length the last line search accepted (NaN before the first, or when it failed). */
    public double lastStep() {
        return lastStep;
    }

    /**
     * Runs iterations until a stopping test fires or {@code maxIterations} have run; returns the
     * status of the last one ({@link Status#CONTINUE} when the limit stopped it).
     */
    public Status minimize(Objective f, float[] params, int maxIterations) {
        InvalidConfigurationException.requirePositive("L-BFGS iterations", maxIterations);
        Status status = Status.CONTINUE;
        for (int i = 0; i < maxIterations && !status.converged(); i++) {
            status = iterate(f, params);
        }
        return status;
    }

    /**
     * One iteration on {@code params} in place (see the class comment).
     *
     * @throws IllegalArgumentException when the loss or gradient at {@code params} is not finite,
     *                                  or {@code params} changed length since the first call
     */
    public Status iterate(Objective f, float[] params) {
        Objects.requireNonNull(f, "objective");
        Objects.requireNonNull(params, "params");
        allocate(params.length);
        if (!current) {
            loss = evaluate(f, params, g);
            if (!Double.isFinite(loss) || !finite(g)) {
                throw new IllegalArgumentException("L-BFGS: expected a finite loss and gradient at the starting point,"
                        + " found loss " + loss);
            }
            current = true;
        }
        if (maxAbs(g) <= gradientTolerance) {
            return Status.GRADIENT_TOLERANCE;
        }
        computeDirection();
        double slope = dot(g, direction);
        if (!(slope < 0)) {
            // Not a descent direction (round-off in H): forget the history, use steepest descent.
            stored = 0;
            newest = -1;
            for (int i = 0; i < length; i++) {
                direction[i] = -g[i];
            }
            slope = dot(g, direction);
        }
        double t = stored == 0 ? Math.min(1.0, 1.0 / l1(g)) : 1.0;
        System.arraycopy(params, 0, x0, 0, length);
        double before = loss;
        double accepted = lineSearch(f, params, before, slope, t);
        if (Double.isNaN(accepted)) {
            System.arraycopy(x0, 0, params, 0, length);
            lastStep = Double.NaN;
            iterations++;
            return Status.LINE_SEARCH_FAILED;
        }
        lastStep = accepted;
        // params holds x0 + t d, trialGradient its gradient and acceptedLoss its loss.
        remember(params);
        loss = acceptedLoss;
        System.arraycopy(trialGradient, 0, g, 0, length);
        iterations++;
        if (maxAbs(g) <= gradientTolerance) {
            return Status.GRADIENT_TOLERANCE;
        }
        if (Math.abs(before - loss) <= lossTolerance * Math.max(1.0, Math.abs(before))) {
            return Status.LOSS_TOLERANCE;
        }
        return Status.CONTINUE;
    }

    private double acceptedLoss;

    /**
     * The strong Wolfe line search along {@code direction} from {@code x0} (loss {@code f0},
     * slope {@code d0 < 0}), starting at step {@code t}. On success returns the step, with
     * {@code params} at {@code x0 + t d}, {@code trialGradient} its gradient and
     * {@code acceptedLoss} its loss; returns NaN when no decrease was found.
     */
    private double lineSearch(Objective f, float[] params, double f0, double d0, double t) {
        double tPrev = 0;
        double fPrev = f0;
        double dPrev = d0;
        int evals = 0;
        while (evals < maxEvaluations) {
            double ft = trial(f, params, t);
            double dt = dot(trialGradient, direction);
            evals++;
            boolean finite = Double.isFinite(ft) && Double.isFinite(dt);
            if (!finite || ft > f0 + C1 * t * d0 || (evals > 1 && ft >= fPrev)) {
                return zoom(f, params, f0, d0, tPrev, fPrev, dPrev, t, ft, dt, finite, evals);
            }
            if (Math.abs(dt) <= -C2 * d0) {
                acceptedLoss = ft;
                return t;
            }
            if (dt >= 0) {
                return zoom(f, params, f0, d0, t, ft, dt, tPrev, fPrev, dPrev, true, evals);
            }
            double next = cubicMinimum(tPrev, fPrev, dPrev, t, ft, dt, t + 0.01 * (t - tPrev), t * 10);
            tPrev = t;
            fPrev = ft;
            dPrev = dt;
            t = next;
        }
        // Out of evaluations while still extending: the last point satisfies sufficient decrease.
        return finishAt(f, params, tPrev, fPrev, f0);
    }

    /**
     * Zoom between {@code lo} (sufficient decrease, lowest loss so far) and {@code hi}; {@code
     * hiFinite} false means the loss at {@code hi} was not finite (bisect instead of interpolating).
     */
    private double zoom(Objective f, float[] params, double f0, double d0,
                        double lo, double fLo, double dLo, double hi, double fHi, double dHi, boolean hiFinite,
                        int evals) {
        while (evals < maxEvaluations) {
            double width = Math.abs(hi - lo);
            if (width * maxAbs(direction) < 1e-9 * Math.max(1.0, maxAbs(x0))) {
                break;
            }
            double left = Math.min(lo, hi);
            double right = Math.max(lo, hi);
            double t = hiFinite ? cubicMinimum(lo, fLo, dLo, hi, fHi, dHi, left, right) : (lo + hi) / 2;
            // Safeguard: stay at least 10% of the bracket away from its ends.
            double margin = 0.1 * (right - left);
            if (t < left + margin || t > right - margin) {
                t = (lo + hi) / 2;
            }
            double ft = trial(f, params, t);
            double dt = dot(trialGradient, direction);
            evals++;
            boolean finite = Double.isFinite(ft) && Double.isFinite(dt);
            if (!finite || ft > f0 + C1 * t * d0 || ft >= fLo) {
                hi = t;
                fHi = ft;
                dHi = dt;
                hiFinite = finite;
            } else {
                if (Math.abs(dt) <= -C2 * d0) {
                    acceptedLoss = ft;
                    return t;
                }
                if (dt * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                    hiFinite = true;
                }
                lo = t;
                fLo = ft;
                dLo = dt;
            }
        }
        return finishAt(f, params, lo, fLo, f0);
    }

    /** Accepts {@code t} (re-evaluating there) when it lowered the loss; NaN otherwise. */
    private double finishAt(Objective f, float[] params, double t, double ft, double f0) {
        if (t <= 0 || !(ft < f0)) {
            return Double.NaN;
        }
        acceptedLoss = trial(f, params, t);
        return t;
    }

    /** Writes {@code x0 + t d} into {@code params} and evaluates there. */
    private double trial(Objective f, float[] params, double t) {
        for (int i = 0; i < length; i++) {
            params[i] = (float) (x0[i] + t * direction[i]);
        }
        return evaluate(f, params, trialGradient);
    }

    private double evaluate(Objective f, float[] params, float[] gradient) {
        evaluations++;
        return f.evaluate(params, gradient);
    }

    /**
     * The minimiser of the cubic through {@code (x1, f1, g1)} and {@code (x2, f2, g2)}, clamped to
     * {@code [lo, hi]}; the bracket's midpoint when the cubic has no minimum there.
     */
    static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double square = d1 * d1 - g1 * g2;
        if (square >= 0 && Double.isFinite(square)) {
            double d2 = Math.sqrt(square);
            double t = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            if (Double.isFinite(t)) {
                return Math.min(Math.max(t, lo), hi);
            }
        }
        return (lo + hi) / 2;
    }

    /** Two-loop recursion: {@code direction = -H g}. */
    private void computeDirection() {
        for (int i = 0; i < length; i++) {
            direction[i] = -g[i];
        }
        if (stored == 0) {
            return;
        }
        for (int k = 0; k < stored; k++) {
            int j = Math.floorMod(newest - k, history);
            alpha[j] = rho[j] * dot(s[j], direction);
            axpy(-alpha[j], y[j], direction);
        }
        double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
        for (int i = 0; i < length; i++) {
            direction[i] = (float) (gamma * direction[i]);
        }
        for (int k = stored - 1; k >= 0; k--) {
            int j = Math.floorMod(newest - k, history);
            double beta = rho[j] * dot(y[j], direction);
            axpy(alpha[j] - beta, s[j], direction);
        }
    }

    /** Stores the pair of this step, unless its curvature is not positive. */
    private void remember(float[] params) {
        int j = (newest + 1) % history;
        float[] sj = s[j];
        float[] yj = y[j];
        for (int i = 0; i < length; i++) {
            sj[i] = params[i] - x0[i];
            yj[i] = trialGradient[i] - g[i];
        }
        double sy = dot(sj, yj);
        double yy = dot(yj, yj);
        if (sy > 1e-10 * yy && yy > 0) {
            rho[j] = 1 / sy;
            newest = j;
            stored = Math.min(stored + 1, history);
        }
    }

    private void allocate(int n) {
        if (length == n) {
            return;
        }
        if (length >= 0) {
            throw new IllegalArgumentException("L-BFGS: expected " + length + " parameters (as before), found " + n);
        }
        length = n;
        s = new float[history][n];
        y = new float[history][n];
        rho = new double[history];
        alpha = new double[history];
        g = new float[n];
        trialGradient = new float[n];
        x0 = new float[n];
        direction = new float[n];
    }

    // ---------------------------------------------------------------- checkpoints

    /** The history (oldest pair first) and counters, for a checkpoint. */
    public OptimizerState state() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int k = stored - 1; k >= 0; k--) {
            int j = Math.floorMod(newest - k, history);
            int index = stored - 1 - k;
            arrays.put("s" + index, s[j]);
            arrays.put("y" + index, y[j]);
        }
        return new OptimizerState("lbfgs", iterations, arrays);
    }

    /**
     * Restores a {@link #state()} snapshot; the next iteration re-evaluates the loss at the
     * parameters it is given. Pairs beyond this solver's history size keep the newest ones.
     *
     * @throws IllegalArgumentException when the kind is not {@code lbfgs} or the arrays do not pair up
     */
    public void restore(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        if (!state.kind().equals("lbfgs")) {
            throw new IllegalArgumentException("optimizer state: expected kind lbfgs, found " + state.kind());
        }
        Map<String, float[]> arrays = state.arrays();
        if (arrays.size() % 2 != 0) {
            throw new IllegalArgumentException("L-BFGS state: expected pairs s<i>, y<i>, found " + arrays.keySet());
        }
        int pairs = arrays.size() / 2;
        int n = -1;
        for (int i = 0; i < pairs; i++) {
            float[] si = arrays.get("s" + i);
            float[] yi = arrays.get("y" + i);
            if (si == null || yi == null || si.length != yi.length || (n >= 0 && si.length != n)) {
                throw new IllegalArgumentException("L-BFGS state: expected arrays s0..s" + (pairs - 1) + " and y0..y"
                        + (pairs - 1) + " of one length, found " + arrays.keySet());
            }
            n = si.length;
        }
        if (n >= 0 && length >= 0 && n != length) {
            throw new IllegalArgumentException("L-BFGS state: expected " + length + " parameters, found " + n);
        }
        if (n >= 0) {
            allocate(n);
        }
        stored = 0;
        newest = -1;
        for (int i = Math.max(0, pairs - history); i < pairs; i++) {
            int j = (newest + 1) % history;
            System.arraycopy(arrays.get("s" + i), 0, s[j], 0, n);
            System.arraycopy(arrays.get("y" + i), 0, y[j], 0, n);
            rho[j] = 1 / dot(s[j], y[j]);
            newest = j;
            stored++;
        }
        iterations = state.updates();
        current = false;
        loss = Double.NaN;
    }

    /** Back to a fresh solver: no history, no parameter length, counters at 0 (a new run). */
    public void reset() {
        length = -1;
        stored = 0;
        newest = -1;
        iterations = 0;
        evaluations = 0;
        current = false;
        loss = Double.NaN;
        lastStep = Double.NaN;
    }

    /** Forgets the cached loss and gradient (call after changing the parameters or the data outside {@link #iterate}). */
    public void invalidate() {
        current = false;
    }

    // ---------------------------------------------------------------- vector helpers

    private double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private void axpy(double a, float[] x, float[] out) {
        for (int i = 0; i < length; i++) {
            out[i] = (float) (out[i] + a * x[i]);
        }
    }

    private double maxAbs(float[] a) {
        double m = 0;
        for (int i = 0; i < length; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    private double l1(float[] a) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.abs(a[i]);
        }
        return sum;
    }

    private boolean finite(float[] a) {
        for (int i = 0; i < length; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Lbfgs(history " + history + ", gradient tolerance " + gradientTolerance + ", loss tolerance "
                + lossTolerance + ")";
    }

    /** Builds an {@link Lbfgs}; see {@link Lbfgs#builder()}. */
    public static final class Builder {
        private int history = 10;
        private double gradientTolerance = 1e-5;
        private double lossTolerance = 1e-9;
        private int maxEvaluations = 25;

        private Builder() {
        }

        /** Pairs kept, {@code m} (default 10; 3 to 20 is usual). */
        public Builder history(int m) {
            this.history = InvalidConfigurationException.requirePositive("L-BFGS history size", m);
            return this;
        }

        /** Stop when no gradient element exceeds this in absolute value (default 1e-5; 0: never). */
        public Builder gradientTolerance(double tolerance) {
            this.gradientTolerance = nonNegative("L-BFGS gradient tolerance", tolerance);
            return this;
        }

        /** Stop when a step changes the loss by at most this, relative to {@code max(1, |loss|)} (default 1e-9; 0: never). */
        public Builder lossTolerance(double tolerance) {
            this.lossTolerance = nonNegative("L-BFGS loss tolerance", tolerance);
            return this;
        }

        /** Loss evaluations one line search may make (default 25). */
        public Builder maxLineSearchEvaluations(int evaluations) {
            this.maxEvaluations = InvalidConfigurationException.requirePositive("L-BFGS line search evaluations",
                    evaluations);
            return this;
        }

        private static double nonNegative(String what, double value) {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new InvalidConfigurationException(what + ": expected a finite value >= 0, found " + value);
            }
            return value;
        }

        public Lbfgs build() {
            return new Lbfgs(this);
        }
    }
}
