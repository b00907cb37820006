# The screen of `basin screen MODEL --order ORDER --update sync` done the BoolNet way: a
# fixGenes loop. For every perturbation set (every single, then every pair, of the non-input
# genes; knockout and overexpression; in basin's order) and every condition (the inputs fixed
# with fixGenes too, inputs a condition does not name at 0), getAttractors(type =
# "synchronous") with the exhaustive method. Prints one line per case,
# `perturbation<TAB>condition<TAB>attractors` (perturbation named as basin names it,
# `SMAD7=0+SMAD3=1`), then `# loop_seconds <TAB> S` (the loop alone, without R's start or
# loadNetwork). Used by benches/compare/screen_boolnet.sh.
#
# Usage: Rscript screen_boolnet.R MODEL.bnet CONDITIONS.tsv ORDER
# CONDITIONS.tsv: one condition a line, `name<TAB>INPUT=1,INPUT=0,...` (the list may be empty).
#
# Note: BoolNet counts the fixed genes as genes; above 29 genes its "exhaustive" search switches
# to the SAT-based exhaustive search (all attractors, no basins, no transition table) with a
# warning, which is what happens on the 36-gene showcase. Warnings are silenced here.
#
# BoolNet 2.1.7 packs a state into 32-bit R integers; a state with gene 32 (64, 96, ...) ON
# packs to INT_MIN, which is R's NA, and getAttractors then stops in canonicalStateOrder
# ("missing value where TRUE/FALSE needed"); on the showcase that gene is MMP13. So the network
# is loaded with a constant-0 pad gene in each such position: a constant gene changes neither
# the attractors nor their number.
suppressMessages(library(BoolNet))
args <- commandArgs(trailingOnly = TRUE)
pad <- "BOOLNET_PAD_BIT"
text <- readLines(args[1])
rules <- which(!grepl("^\\s*(#|$)", text))[-1] # rule lines, after the "targets, factors" header
padded <- character(0)
for (r in rules) {
  if ((length(padded) + 1) %% 32 == 0) {
    padded <- c(padded, paste0(pad, length(padded) + 1, ", 0"))
  }
  padded <- c(padded, text[r])
}
model <- tempfile(fileext = ".bnet")
writeLines(c("targets, factors", padded), model)
net <- loadNetwork(model)
max_order <- as.integer(args[3])
genes <- net$genes
is_pad <- startsWith(genes, pad)
is_input <- sapply(seq_along(genes), function(i) {
  f <- net$interactions[[genes[i]]]
  !is_pad[i] && length(f$input) == 1 && f$input[1] == i && identical(as.numeric(f$func), c(0, 1))
})
inputs <- genes[is_input]
nodes <- genes[!is_input & !is_pad]

lines <- readLines(args[2])
conditions <- lapply(lines[nzchar(lines)], function(l) {
  parts <- strsplit(l, "\t", fixed = TRUE)[[1]]
  fix <- setNames(rep(0L, length(inputs)), inputs)
  if (length(parts) > 1 && nzchar(parts[2])) {
    for (a in strsplit(parts[2], ",", fixed = TRUE)[[1]]) {
      kv <- strsplit(a, "=", fixed = TRUE)[[1]]
      if (!(kv[1] %in% inputs)) stop(paste("condition names", kv[1], "which is not an input"))
      fix[kv[1]] <- as.integer(kv[2])
    }
  }
  list(name = parts[1], fix = fix)
})

# Perturbation sets in basin's order (src/screen.rs generate_perturbations): by size; node
# combinations in lexicographic order of position; value tuples lexicographic, 0 before 1.
perturbations <- list()
for (k in seq_len(min(max_order, length(nodes)))) {
  combos <- combn(length(nodes), k, simplify = FALSE)
  for (comb in combos) {
    values <- as.matrix(expand.grid(rep(list(0:1), k)))
    # expand.grid varies the first column fastest; basin varies the last fastest.
    values <- values[do.call(order, as.data.frame(values)), , drop = FALSE]
    for (r in seq_len(nrow(values))) {
      perturbations[[length(perturbations) + 1]] <- setNames(as.integer(values[r, ]), nodes[comb])
    }
  }
}

started <- proc.time()[["elapsed"]]
for (p in perturbations) {
  pname <- paste(paste0(names(p), "=", p), collapse = "+")
  for (cond in conditions) {
    fix <- c(cond$fix, p)
    fixed <- fixGenes(net, names(fix), fix)
    a <- suppressWarnings(getAttractors(fixed, type = "synchronous", method = "exhaustive"))
    cat(pname, "\t", cond$name, "\t", length(a$attractors), "\n", sep = "")
  }
}
cat("# loop_seconds\t", proc.time()[["elapsed"]] - started, "\n", sep = "")
