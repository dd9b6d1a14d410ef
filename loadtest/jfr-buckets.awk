# Sorts each JFR execution sample into one bucket by the most specific marker in its stack.
/sampledThread = /{ thread=$0; sub(/.*"[ ]*/, "", thread); t=$0; sub(/^[^"]*"/, "", t); sub(/".*/, "", t); thread=t }
/stackTrace = \[/{ inside=1; s=""; next }
inside && /^[ \t]+\]/{
    inside=0
    if (thread ~ /password-hash/) b="sign-up: bcrypt and token signing (driver set-up)"
    else if (s ~ /dev\.langchain4j|jdk\.internal\.net\.http|java\.net\.http|dev\.rill\.llm/) b="LLM call: langchain4j + Rill transport"
    else if (s ~ /io\.r2dbc|org\.springframework\.data\.r2dbc|org\.springframework\.r2dbc|reactor\.pool/) b="PostgreSQL: R2DBC driver, pool, Spring Data"
    else if (s ~ /org\.redisson/) b="Redis: Redisson"
    else if (s ~ /com\.nimbusds|org\.springframework\.security/) b="security: JWT decode/verify, filter chain"
    else if (s ~ /tools\.jackson|com\.fasterxml/) b="JSON (Jackson)"
    else if (s ~ /org\.springframework\.web|org\.springframework\.http/) b="WebFlux: routing, SSE encoding"
    else if (s ~ /reactor\.netty|io\.netty/) b="netty / reactor-netty I/O"
    else if (s ~ /reactor\.core/) b="Reactor operators (other)"
    else b="other"
    count[b]++; total++
    next
}
inside { s = s " " $1 }
END { for (b in count) printf "%5d  %4.1f%%  %s\n", count[b], 100*count[b]/total, b }
