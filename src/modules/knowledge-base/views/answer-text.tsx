/** An answer's plain text as paragraphs, lists and links (model.ts `answerBlocks`), escaped by Preact. */
import { answerBlocks, type Inline } from '../model.ts';

function Pieces({ pieces }: { pieces: Inline[] }) {
  return (
    <>
      {pieces.map((piece, index) =>
        'href' in piece ? (
          <a key={index} href={piece.href}>
            {piece.text}
          </a>
        ) : (
          piece.text
        ),
      )}
    </>
  );
}

/** The whole answer. */
export function AnswerText({ answer }: { answer: string }) {
  return (
    <div class="answer-text">
      {answerBlocks(answer).map((block, index) =>
        block.kind === 'list' ? (
          <ul key={index}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>
                <Pieces pieces={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={index}>
            {block.lines.map((line, lineIndex) => (
              <>
                {lineIndex > 0 && <br />}
                <Pieces pieces={line} />
              </>
            ))}
          </p>
        ),
      )}
    </div>
  );
}
