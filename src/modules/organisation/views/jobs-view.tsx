/** The failed-jobs page: what failed (topic, handler, attempts, last error, when) and a retry button. */
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { FailedJob } from '../job-admin.ts';
import { adminMessages } from '../messages.ts';
import type { StaffActor } from '../model.ts';
import { AdminPage, adminBase } from './admin-page.tsx';

export interface JobsViewProps {
  ctx: PageContext;
  actor: StaffActor;
  jobs: FailedJob[];
  notice?: string;
}

function JobRow({ ctx, job }: { ctx: PageContext; job: FailedJob }) {
  const t = translator(adminMessages, ctx.lang);
  return (
    <tr>
      <td>
        <code>{job.topic}</code>
      </td>
      <td>
        <code>{job.handler}</code>
      </td>
      <td>{job.attempts}</td>
      <td>{job.lastError}</td>
      <td>{formatDateTime(job.failedAt, ctx.lang)}</td>
      <td>{job.dead ? t('jobDead') : t('jobRetrying')}</td>
      <td>
        <PostForm action={`${adminBase(ctx)}/jobb/${job.id}/forsok-igen`} csrfToken={ctx.csrfToken}>
          <button type="submit" class="button secondary" aria-label={t('retryJobLabel', { id: job.id })}>
            {t('retryJob')}
          </button>
        </PostForm>
      </td>
    </tr>
  );
}

/** The failed-jobs page of the tenant. */
export function JobsView({ ctx, actor, jobs, notice }: JobsViewProps) {
  const t = translator(adminMessages, ctx.lang);
  const columns = [
    'colTopic',
    'colHandler',
    'colAttempts',
    'colLastError',
    'colFailedAt',
    'colJobStatus',
    'retryJob',
  ] as const;
  return (
    <AdminPage
      ctx={ctx}
      actor={actor}
      title={t('jobsTitle')}
      section="jobs"
      notice={notice}
      inputId={() => ''}
    >
      <p>{t('jobsIntro')}</p>
      {jobs.length === 0 ? (
        <p>{t('jobsNone')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption class="visually-hidden">{t('jobsCaption')}</caption>
            <thead>
              <tr>
                {columns.map((key) => (
                  <th scope="col" key={key}>
                    {key === 'retryJob' ? <span class="visually-hidden">{t(key)}</span> : t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <JobRow key={String(job.id)} ctx={ctx} job={job} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminPage>
  );
}
